// One execution in detail: times, progress, the result JSON, the error summary, the log; re-run, and
// cancel while it runs. Kept live by the push events.
import { Alert, App, Button, Descriptions, Drawer, Progress, Space, Spin, Tag } from 'antd';
import { useEffect, useState } from 'react';
import type { EventMap } from '../../../../shared/contract';
import type { Execution } from '../../../../shared/types';
import { useBridge } from '../../api/context';
import { asBridgeError } from '../../api/errors';
import { statusColor } from '../../format/status';
import { formatAbsolute, formatDuration } from '../../format/time';
import { useT } from '../../i18n/i18n';
import { useAppStore } from '../../store/context';
import { LogViewer } from './LogViewer';

type ProgressEvent = EventMap['execution.progress'];

export function ExecutionDrawer({ id, onClose }: { id: number; onClose(): void }) {
  const t = useT();
  const bridge = useBridge();
  const { message } = App.useApp();
  const [execution, setExecution] = useState<Execution | null>(null);
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  const [error, setError] = useState<string | null>(null);
  const storeName = useAppStore((s) => (execution ? s.tasks[execution.taskId]?.name : undefined));

  useEffect(() => {
    let current = true;
    setExecution(null);
    setProgress(null);
    bridge['executions.get']({ id }).then(
      (e) => current && setExecution(e),
      (e) => current && setError(asBridgeError(e).message),
    );
    const offs = [
      bridge.on('execution.progress', (p) => p.executionId === id && setProgress(p)),
      bridge.on('execution.started', ({ execution: e }) => e.id === id && setExecution(e)),
      bridge.on('execution.finished', ({ execution: e }) => e.id === id && setExecution(e)),
    ];
    return () => {
      current = false;
      offs.forEach((off) => off());
    };
  }, [bridge, id]);

  const running = execution?.status === 'running' || execution?.status === 'queued';
  const result = execution?.result ?? {};
  const percent =
    progress?.progressPercent ??
    (typeof result.progress_percent === 'number' ? result.progress_percent : null);

  const rerun = () =>
    bridge['executions.rerun']({ id }).then(
      ({ executionId }) => void message.success(t('exec.title', { id: executionId })),
      (e) => void message.error(asBridgeError(e).message),
    );
  // A run on another process or machine takes a moment to stop (its heartbeat sees the request).
  const [cancelling, setCancelling] = useState(false);
  const cancel = () => {
    setCancelling(true);
    bridge['executions.cancel']({ id })
      .then(
        ({ cancelled }) => void message.info(t(cancelled ? 'exec.cancelled' : 'exec.alreadyEnded')),
        (e) => void message.error(asBridgeError(e).message),
      )
      .finally(() => setCancelling(false));
  };

  return (
    <Drawer
      open
      size={820}
      onClose={onClose}
      title={t('exec.title', { id })}
      data-testid="execution-drawer"
      extra={
        execution && (
          <Space>
            {running && (
              <Button danger loading={cancelling} onClick={cancel} data-testid="exec-cancel">
                {t('exec.cancel')}
              </Button>
            )}
            <Button onClick={rerun} data-testid="exec-rerun">
              {t('exec.rerun')}
            </Button>
          </Space>
        )
      }
    >
      {error && <Alert type="error" showIcon title={error} />}
      {!execution && !error && <Spin />}
      {execution && (
        <>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('exec.task')}>
              {execution.taskName ?? storeName ?? `#${execution.taskId}`}
            </Descriptions.Item>
            <Descriptions.Item label={t('exec.status')}>
              <Tag
                color={statusColor[execution.status]}
                data-testid="exec-status"
                data-status={execution.status}
              >
                {t(`status.${execution.status}`)}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('exec.trigger')}>
              {t(`trigger.${execution.trigger}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('exec.scheduled')}>
              {formatAbsolute(execution.scheduledAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('exec.started')}>
              {formatAbsolute(execution.startTime)}
            </Descriptions.Item>
            <Descriptions.Item label={t('exec.ended')}>{formatAbsolute(execution.endTime)}</Descriptions.Item>
            <Descriptions.Item label={t('exec.duration')}>
              {formatDuration(execution.durationSeconds)}
            </Descriptions.Item>
            <Descriptions.Item label={t('exec.exitCode')}>{execution.exitCode ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('exec.retry')}>{execution.retryCount}</Descriptions.Item>
          </Descriptions>

          {(running || percent != null) && (
            <div className="ck-section">
              <h4>{t('exec.progress')}</h4>
              <Progress percent={percent ?? 0} status={running ? 'active' : undefined} />
              <div className="ck-muted">
                {progress?.message ?? (typeof result.message === 'string' ? result.message : '')}
                {progress?.etaSeconds != null &&
                  ` · ${t('tasks.eta', { eta: formatDuration(progress.etaSeconds) })}`}
              </div>
            </div>
          )}

          {execution.errorMessage && (
            <div className="ck-section">
              <h4>{t('exec.error')}</h4>
              <Alert type="error" title={<pre className="ck-pre-wrap">{execution.errorMessage}</pre>} />
            </div>
          )}

          <div className="ck-section">
            <h4>{t('exec.result')}</h4>
            {Object.keys(result).length === 0 ? (
              <span className="ck-muted">{t('exec.noResult')}</span>
            ) : (
              <pre className="ck-json" data-testid="exec-result">
                {JSON.stringify(result, null, 2)}
              </pre>
            )}
          </div>

          <div className="ck-section">
            <h4>{t('exec.log')}</h4>
            <LogViewer executionId={execution.id} live={running} />
          </div>
        </>
      )}
    </Drawer>
  );
}
