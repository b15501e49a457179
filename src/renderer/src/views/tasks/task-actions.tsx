// What a task row can do. One stable object per view (through a context), so memoized rows do not
// re-render when the view does.
import { App, type ButtonProps } from 'antd';
import { createContext, useContext, useMemo } from 'react';
import type { TaskListItem } from '../../../../shared/types';
import { canFocus, focusFirst } from '../../a11y/focus';
import { asBridgeError } from '../../api/errors';
import { useBridge } from '../../api/context';
import { navigate } from '../../app/routes';
import { askToCancelRun } from '../history/confirm-cancel-run';
import { errorText } from '../../i18n/core-text';
import { useLang, useT } from '../../i18n/i18n';
import { useAppStoreApi } from '../../store/context';
import { useQuestions } from '../../app/questions';

export interface TaskActions {
  runNow(task: TaskListItem): void;
  setPaused(task: TaskListItem, paused: boolean): void;
  setEnabled(task: TaskListItem, enabled: boolean): void;
  edit(task: TaskListItem): void;
  duplicate(task: TaskListItem): void;
  history(task: TaskListItem): void;
  confirmDelete(task: TaskListItem): void;
  select(taskId: number): void;
  /** The row's running run (its latest): pause or resume its processes. */
  pauseRun(executionId: number, pause: boolean): void;
  /** The row's running run: cancel it, after asking (Keep running focused). */
  confirmCancelRun(executionId: number): void;
}

export const TaskActionsContext = createContext<TaskActions | null>(null);

export function useTaskActionsContext(): TaskActions {
  const actions = useContext(TaskActionsContext);
  if (!actions) throw new Error('useTaskActionsContext outside its provider');
  return actions;
}

export function useTaskActions(): TaskActions {
  const bridge = useBridge();
  const store = useAppStoreApi();
  const { message } = App.useApp();
  const modal = useQuestions();
  const t = useT();
  const lang = useLang();

  return useMemo<TaskActions>(() => {
    const fail = (error: unknown) => void message.error(errorText(asBridgeError(error), lang));
    const refresh = () => void store.getState().loadTasks().catch(fail);
    return {
      runNow(task) {
        bridge['tasks.runNow']({ id: task.id }).then(
          () => void message.success(t('tasks.started', { name: task.name })),
          fail,
        );
      },
      setPaused(task, paused) {
        bridge['tasks.setPaused']({ id: task.id, paused }).then(refresh, fail);
      },
      setEnabled(task, enabled) {
        bridge['tasks.setEnabled']({ id: task.id, enabled }).then(refresh, fail);
      },
      edit(task) {
        store.getState().openEditor({ mode: 'edit', taskId: task.id });
      },
      duplicate(task) {
        bridge['tasks.duplicate']({ id: task.id }).then((copy) => {
          void message.success(t('tasks.duplicated', { name: copy.name }));
          refresh();
        }, fail);
      },
      history(task) {
        navigate('history', { task: task.id });
      },
      confirmDelete(task) {
        // What asked (the row, or the ⋮ menu's item, which is hidden by the time the dialog closes).
        const opener = document.activeElement;
        bridge['tasks.executionCount']({ id: task.id }).then(({ count }) => {
          modal.confirm({
            // A destructive question starts on Cancel: Enter or Space right away must not delete.
            focusable: { autoFocusButton: 'cancel' },
            afterClose: () => {
              if (canFocus(document.activeElement) && document.activeElement !== document.body) return;
              const row = document.querySelector(`[data-testid="task-row"][data-task-id="${task.id}"]`);
              focusFirst(
                opener,
                row?.querySelector('[data-testid="task-more"]'),
                row,
                document.querySelector('[data-testid="task-row"][tabindex="0"]'),
                document.querySelector('[data-testid="new-task"]'),
              );
            },
            title: t('tasks.delete.title', { name: task.name }),
            content: (
              <span data-testid="delete-confirm-body">
                {count === 1 ? t('tasks.delete.bodyOne') : t('tasks.delete.body', { count })}
              </span>
            ),
            okText: t('common.delete'),
            okButtonProps: { danger: true, 'data-testid': 'delete-confirm-ok' } as ButtonProps,
            cancelText: t('common.cancel'),
            onOk: async () => {
              try {
                const result = await bridge['tasks.delete']({ id: task.id });
                store.getState().removeTask(task.id);
                const count = result.deletedExecutions;
                void message.success(
                  count === 1
                    ? t('tasks.deletedOne', { name: task.name })
                    : t('tasks.deleted', { name: task.name, count }),
                );
              } catch (error) {
                fail(error);
              }
            },
          });
        }, fail);
      },
      select(taskId) {
        store.getState().select(taskId);
      },
      pauseRun(id, pause) {
        const call = pause ? bridge['executions.pause']({ id }) : bridge['executions.resume']({ id });
        call.then(() => void message.info(t(pause ? 'exec.pauseDone' : 'exec.resumeDone')), fail);
      },
      confirmCancelRun(id) {
        askToCancelRun(modal, t, () =>
          bridge['executions.cancel']({ id }).then(
            ({ cancelled }) => void message.info(t(cancelled ? 'exec.cancelled' : 'exec.alreadyEnded')),
            fail,
          ),
        );
      },
    };
  }, [bridge, store, message, modal, t, lang]);
}
