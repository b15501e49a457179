// A task row's triggers, compactly: the chain ("after Import ✓", "after Backup ✗"), icons with accessible
// labels for start-up, a watched folder, power conditions, keep-awake and a custom webhook, and a warning
// when the watched folder is missing (from the 'task.watchStatus' events).
import {
  ApiOutlined,
  CoffeeOutlined,
  EyeOutlined,
  PoweroffOutlined,
  ThunderboltOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { NO_TRIGGERS, type TaskTriggers } from '../../../../shared/triggers';
import type { TaskListItem } from '../../../../shared/types';
import { useT } from '../../i18n/i18n';
import { useAppStore } from '../../store/context';
import { useWatchMissing } from './watch-status';

function Icon({ label, children, testId }: { label: string; children: ReactNode; testId: string }) {
  return (
    <Tooltip title={label}>
      <span className="ck-trigger-icon" role="img" aria-label={label} data-testid={testId}>
        {children}
      </span>
    </Tooltip>
  );
}

function isEmpty(t: TaskTriggers): boolean {
  return (
    t.chains.length === 0 &&
    !t.onStartup &&
    !t.watch &&
    !t.onlyOnAc &&
    !t.stopOnBattery &&
    !t.keepAwake &&
    t.webhookMode !== 'custom'
  );
}

export function TaskTriggerBadges({ task }: { task: TaskListItem }) {
  const t = useT();
  const triggers: TaskTriggers = { ...NO_TRIGGERS, ...(task.triggers ?? {}) };
  const names = useAppStore((s) =>
    triggers.chains.map((c) => s.tasks[c.upstreamTaskId]?.name ?? null).join('\u0000'),
  );
  const missing = useWatchMissing(task.id);
  if (isEmpty(triggers) && missing === null) return null;
  const nameList = names.split('\u0000');
  const folder = triggers.watch?.folder ?? '';
  return (
    <div className="ck-task-triggers" data-testid="task-triggers">
      {triggers.chains.map((chain, i) => {
        const name = nameList[i] || t('row.after.unknown');
        return (
          <span
            key={chain.upstreamTaskId}
            className={`ck-chain-chip ck-chain-${chain.condition}`}
            title={t(`row.after.label.${chain.condition}`, { name })}
            data-testid="task-chain"
          >
            {t(`row.after.${chain.condition}`, { name })}
          </span>
        );
      })}
      {triggers.onStartup && (
        <Icon label={t('row.trigger.startup')} testId="task-trigger-startup">
          <PoweroffOutlined />
        </Icon>
      )}
      {triggers.watch && (
        <Icon label={t('row.trigger.watch', { folder })} testId="task-trigger-watch">
          <EyeOutlined />
        </Icon>
      )}
      {(triggers.onlyOnAc || triggers.stopOnBattery) && (
        <Icon
          label={[
            triggers.onlyOnAc ? t('row.trigger.onlyOnAc') : null,
            triggers.stopOnBattery ? t('row.trigger.stopOnBattery') : null,
          ]
            .filter(Boolean)
            .join(', ')}
          testId="task-trigger-power"
        >
          <ThunderboltOutlined />
        </Icon>
      )}
      {triggers.keepAwake && (
        <Icon label={t('row.trigger.keepAwake')} testId="task-trigger-awake">
          <CoffeeOutlined />
        </Icon>
      )}
      {triggers.webhookMode === 'custom' && (
        <Icon label={t('row.trigger.webhook')} testId="task-trigger-webhook">
          <ApiOutlined />
        </Icon>
      )}
      {missing !== null && (
        <span
          className="ck-watch-missing"
          role="status"
          data-testid="task-watch-missing"
          title={missing || undefined}
        >
          <WarningOutlined /> {t('row.watchMissing', { folder: folder || missing })}
        </span>
      )}
    </div>
  );
}
