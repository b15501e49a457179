// The bar over the task table while rows are checked: how many, and one action for all of them (enable,
// disable, pause or resume the schedule, run now, delete after a confirmation that says how many). One
// tasks.bulk call per 1,000 tasks; a partial failure is shown as a list of the tasks that failed and why.
import { CloseOutlined, DeleteOutlined } from '@ant-design/icons';
import { App, Button, type ButtonProps } from 'antd';
import { useState } from 'react';
import type { BulkAction, BulkResult } from '../../../../shared/contract';
import { focusFirst } from '../../a11y/focus';
import { useBridge } from '../../api/context';
import type { MessageKey } from '../../i18n/messages';
import { coreText, useErrorText } from '../../i18n/core-text';
import { useLang, useT } from '../../i18n/i18n';
import { useAppStore, useAppStoreApi } from '../../store/context';
import { useQuestions } from '../../app/questions';

/** BULK_MAX_IDS of the contract (not imported: contract.ts brings zod into the renderer's first script). */
const CHUNK = 1000;

const LABELS: Record<BulkAction, MessageKey> = {
  enable: 'tasks.action.enable',
  disable: 'tasks.action.disable',
  pause: 'tasks.action.pause',
  resume: 'tasks.action.resume',
  run: 'tasks.action.run',
  delete: 'tasks.action.delete',
};

export function BulkBar() {
  const t = useT();
  const lang = useLang();
  const bridge = useBridge();
  const wireText = useErrorText();
  const store = useAppStoreApi();
  const { message } = App.useApp();
  const modal = useQuestions();
  const count = useAppStore((s) => Object.keys(s.checked).length);
  const [busy, setBusy] = useState<BulkAction | null>(null);
  if (count === 0) return null;

  const run = async (action: BulkAction) => {
    const ids = store.getState().taskOrder.filter((id) => store.getState().checked[id]);
    const names = new Map(ids.map((id) => [id, store.getState().tasks[id]?.name]));
    setBusy(action);
    const total: BulkResult = { action, done: [], failed: [], deletedExecutions: 0 };
    try {
      for (let i = 0; i < ids.length; i += CHUNK) {
        const part = await bridge['tasks.bulk']({ ids: ids.slice(i, i + CHUNK), action });
        total.done.push(...part.done);
        total.failed.push(...part.failed);
        total.deletedExecutions! += part.deletedExecutions ?? 0;
      }
    } catch (error) {
      void message.error(wireText(error));
    } finally {
      setBusy(null);
    }
    if (action === 'delete') for (const id of total.done) store.getState().removeTask(id);
    void store
      .getState()
      .loadTasks()
      .catch(() => {});
    const label = t(LABELS[action]);
    if (total.failed.length === 0) {
      if (total.done.length === 0) return;
      void message.success(
        action === 'delete'
          ? total.deletedExecutions
            ? t('tasks.bulk.deleted', { count: total.done.length, executions: total.deletedExecutions })
            : t('tasks.bulk.deletedNoRuns', { count: total.done.length })
          : t('tasks.bulk.done', { action: label, count: total.done.length }),
      );
      return;
    }
    modal.warning({
      title: t('tasks.bulk.partial', { action: label, done: total.done.length, count: ids.length }),
      width: 560,
      content: (
        <ul className="ck-bulk-failures" data-testid="bulk-failures">
          {total.failed.map((f) => (
            <li key={f.id}>
              {t('tasks.bulk.failure', {
                name: f.name ?? names.get(f.id) ?? t('tasks.bulk.unnamed', { id: f.id }),
                message: coreText(f.message, lang),
              })}
            </li>
          ))}
        </ul>
      ),
    });
  };

  const confirmDelete = () => {
    modal.confirm({
      // A destructive question starts on Cancel: Enter or Space right away must not delete.
      focusable: { autoFocusButton: 'cancel' },
      title: count === 1 ? t('tasks.bulk.deleteTitleOne') : t('tasks.bulk.deleteTitle', { count }),
      content: <span data-testid="bulk-delete-body">{t('tasks.bulk.deleteBody')}</span>,
      okText: t('common.delete'),
      okButtonProps: { danger: true, 'data-testid': 'bulk-delete-ok' } as ButtonProps,
      cancelText: t('common.cancel'),
      onOk: () => run('delete'),
      afterClose: () =>
        focusFirst(
          document.querySelector('[data-testid="bulk-delete"]'),
          document.querySelector('[data-testid="task-row"][tabindex="0"]'),
          document.querySelector('[data-testid="new-task"]'),
        ),
    });
  };

  const button = (action: Exclude<BulkAction, 'delete'>) => (
    <Button
      key={action}
      size="small"
      loading={busy === action}
      disabled={busy !== null}
      data-testid={`bulk-${action}`}
      onClick={() => void run(action)}
    >
      {t(LABELS[action])}
    </Button>
  );

  return (
    <div className="ck-bulk-bar" role="toolbar" aria-label={t('tasks.bulk.toolbar')} data-testid="bulk-bar">
      <strong className="ck-bulk-count" aria-live="polite" data-testid="bulk-count">
        {t('tasks.bulk.selected', { count })}
      </strong>
      {(['enable', 'disable', 'pause', 'resume', 'run'] as const).map(button)}
      <Button
        size="small"
        danger
        icon={<DeleteOutlined />}
        loading={busy === 'delete'}
        disabled={busy !== null}
        data-testid="bulk-delete"
        onClick={confirmDelete}
      >
        {t('tasks.bulk.delete')}
      </Button>
      <Button
        size="small"
        type="text"
        icon={<CloseOutlined />}
        data-testid="bulk-clear"
        onClick={() => store.getState().checkAll(false)}
      >
        {t('tasks.bulk.clear')}
      </Button>
    </div>
  );
}
