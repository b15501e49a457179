// One execution in detail: times, progress, the result JSON, the error summary, the log; re-run, and
// pause, resume or cancel while it runs. Kept live by the push events.
import { CaretRightOutlined, PauseCircleOutlined, PauseOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Drawer, Progress, Space, Spin, Tag } from 'antd';
import { useEffect, useState } from 'react';
import type { EventMap } from '../../../../shared/contract';
import { FINAL_STATUSES, type Execution } from '../../../../shared/types';
import { useBridge } from '../../api/context';
import { isPaused, pausedColor, pausedStroke, statusColor } from '../../format/status';
import { formatAbsolute, formatDuration } from '../../format/time';
import { coreText, errorText, useErrorText } from '../../i18n/core-text';
import { useLang, useT, type T } from '../../i18n/i18n';
import { useAppStore } from '../../store/context';
import { askToCancelRun } from './confirm-cancel-run';
import { Elapsed } from './Elapsed';
import { LogViewer } from './LogViewer';
import { RetriedByLinks, RetryOfLink, useRetries } from './RetryLinks';
import {
  DownstreamLinks,
  UpstreamLink,
  useChainState,
  triggerDetailText,
  WebhookOutcome,
} from './ChainLinks';
import { useReturnFocus } from '../../a11y/focus';
import { progressValueText } from '../../a11y/progress';
import { useQuestions } from '../../app/questions';

type ProgressEvent = EventMap['execution.progress'];

/**
 * The newer of what the drawer shows and what just arrived. A run that ended stays ended: a pause that
 * raced the run's end can be told after its finish, still saying "running".
 */
function keepEnded(shown: Execution | null, next: Execution): Execution {
  const ended = (e: Execution) => FINAL_STATUSES.includes(e.status);
  return shown && shown.id === next.id && ended(shown) && !ended(next) ? shown : next;
}

/**
 * An event's execution with the retry links the drawer already knew: the running process builds its events
 * without reading them (only executions.get does).
 */
function withLinks(shown: Execution | null, next: Execution): Execution {
  if (!shown || shown.id !== next.id) return next;
  return {
    ...next,
    retryOf: next.retryOf ?? shown.retryOf,
    retries: next.retries ?? shown.retries,
    upstreamExecutionId: next.upstreamExecutionId ?? shown.upstreamExecutionId,
    triggerDetail: next.triggerDetail ?? shown.triggerDetail,
    downstream: next.downstream ?? shown.downstream,
    webhook: next.webhook ?? shown.webhook,
  };
}

export function ExecutionDrawer({
  id,
  onClose,
  onOpenExecution,
}: {
  id: number;
  onClose(): void;
  /** Shows another run in this drawer's place (the retry links). */
  onOpenExecution(id: number): void;
}) {
  const t = useT();
  const lang = useLang();
  const bridge = useBridge();
  const wireText = useErrorText();
  const { message } = App.useApp();
  const modal = useQuestions();
  const [execution, setExecution] = useState<Execution | null>(null);
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  const [error, setError] = useState<string | null>(null);
  const storeName = useAppStore((s) => (execution ? s.tasks[execution.taskId]?.name : undefined));
  // Closing gives focus back to what opened the drawer, or to this run's row.
  useReturnFocus(() => [
    document.querySelector(`[data-testid="history-row"][data-execution-id="${id}"]`),
    document.querySelector('[data-testid="history-grid"]'),
  ]);

  useEffect(() => {
    let current = true;
    setExecution(null);
    setProgress(null);
    bridge['executions.get']({ id }).then(
      (e) => current && setExecution(e),
      (e) => current && setError(wireText(e)),
    );
    const offs = [
      bridge.on('execution.progress', (p) => p.executionId === id && setProgress(p)),
      bridge.on(
        'execution.started',
        ({ execution: e }) => e.id === id && setExecution((shown) => withLinks(shown, e)),
      ),
      bridge.on(
        'execution.finished',
        ({ execution: e }) => e.id === id && setExecution((shown) => withLinks(shown, e)),
      ),
      bridge.on(
        'execution.pauseChanged',
        ({ execution: e }) => e.id === id && setExecution((shown) => keepEnded(shown, withLinks(shown, e))),
      ),
    ];
    return () => {
      current = false;
      offs.forEach((off) => off());
    };
  }, [bridge, id]);

  const retries = useRetries(execution);
  const chain = useChainState(execution);
  const running = execution?.status === 'running' || execution?.status === 'queued';
  // Only a started run has processes to stop: a queued one has none yet.
  const pausable = execution?.status === 'running';
  const paused = execution ? isPaused(execution) : false;
  const result = execution?.result ?? {};
  const errorSummary = typeof result.error_summary === 'string' ? result.error_summary : null;
  const reported = progress?.progressPercent ?? execution?.progress.progressPercent ?? null;
  // Whole percent, as the task row shows it (a screen reader has no use for "4.2").
  const percent = reported == null ? null : Math.round(Math.max(0, Math.min(100, reported)));
  // No ETA once the run has ended (a cancelled run would keep its last estimate) or while it is paused.
  const eta = progress?.etaSeconds != null && running && !paused ? formatDuration(progress.etaSeconds) : null;

  const rerun = () =>
    bridge['executions.rerun']({ id }).then(
      ({ executionId }) => void message.success(t('exec.title', { id: executionId })),
      (e) => void message.error(wireText(e)),
    );
  // A run on another process or machine takes a moment to stop (its heartbeat sees the request).
  const [cancelling, setCancelling] = useState(false);
  const cancel = () => {
    setCancelling(true);
    bridge['executions.cancel']({ id })
      .then(
        ({ cancelled }) => void message.info(t(cancelled ? 'exec.cancelled' : 'exec.alreadyEnded')),
        (e) => void message.error(wireText(e)),
      )
      .finally(() => setCancelling(false));
  };
  // Cancelling kills the run's processes: asked first (confirm-cancel-run.ts).
  const confirmCancel = () => askToCancelRun(modal, t, cancel);
  // Busy while the call runs: a run on another process is paused by that process, within its poll.
  const [pausing, setPausing] = useState(false);
  const setPaused = (pause: boolean) => {
    setPausing(true);
    const call = pause
      ? bridge['executions.pause']({ id }).then((r) => r.paused)
      : bridge['executions.resume']({ id }).then((r) => r.resumed);
    call
      .then(
        (changed) => {
          const done = pause ? 'exec.pauseDone' : 'exec.resumeDone';
          const unchanged = pause ? 'exec.pauseUnchanged' : 'exec.resumeUnchanged';
          void message.info(t(changed ? done : unchanged));
          // The event normally updates the drawer, but a window may miss it (a run another process
          // holds), and "unchanged" means the drawer was behind: read the row to show what holds now.
          return bridge['executions.get']({ id }).then(
            (e) => setExecution((shown) => keepEnded(shown, e)),
            () => {},
          );
        },
        (e) => void message.error(wireText(e)),
      )
      .finally(() => setPausing(false));
  };

  return (
    <Drawer
      open
      size={820}
      onClose={onClose}
      title={<h2 className="ck-drawer-title">{t('exec.title', { id })}</h2>}
      data-testid="execution-drawer"
      extra={
        execution && (
          <Space>
            {pausable && (
              <Button
                icon={paused ? <CaretRightOutlined /> : <PauseOutlined />}
                loading={pausing}
                disabled={cancelling}
                onClick={() => setPaused(!paused)}
                data-testid={paused ? 'exec-resume' : 'exec-pause'}
              >
                {t(paused ? 'exec.resume' : 'exec.pause')}
              </Button>
            )}
            {running && (
              <Button danger loading={cancelling} onClick={confirmCancel} data-testid="exec-cancel">
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
          {paused && (
            <Alert
              type="warning"
              showIcon
              icon={<PauseCircleOutlined />}
              className="ck-paused-banner"
              data-testid="exec-paused-banner"
              title={t('exec.pausedSince', { time: formatAbsolute(execution.pausedAt) })}
              description={t('exec.pausedNote')}
            />
          )}
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('exec.task')}>
              {execution.taskName ?? storeName ?? `#${execution.taskId}`}
            </Descriptions.Item>
            <Descriptions.Item label={t('exec.status')}>
              {/* A paused run is still 'running' (data-status), but what the user needs to see is "Paused". */}
              <Tag
                color={paused ? pausedColor : statusColor[execution.status]}
                icon={paused ? <PauseCircleOutlined /> : undefined}
                data-testid="exec-status"
                data-status={execution.status}
                data-paused={paused || undefined}
              >
                {paused ? t('exec.paused') : t(`status.${execution.status}`)}
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
              {running && execution.startTime != null ? (
                <Elapsed since={execution.startTime} pausedAt={execution.pausedAt} />
              ) : (
                formatDuration(execution.durationSeconds)
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('exec.exitCode')}>{execution.exitCode ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('exec.retry')}>{execution.retryCount}</Descriptions.Item>
            {execution.retryOf != null && (
              <Descriptions.Item label={t('exec.retryOf')}>
                <RetryOfLink retryOf={execution.retryOf} onOpen={onOpenExecution} />
              </Descriptions.Item>
            )}
            {retries.length > 0 && (
              <Descriptions.Item label={t('exec.retriedBy')}>
                <RetriedByLinks retries={retries} onOpen={onOpenExecution} />
              </Descriptions.Item>
            )}
            {triggerItems(execution, chain, onOpenExecution, t)}
          </Descriptions>

          {(running || percent != null) && (
            <div className="ck-section">
              <h3>{t('exec.progress')}</h3>
              {/* A stopped run's bar neither shines (that says busy) nor keeps the busy blue: it takes the paused tone. */}
              <Progress
                percent={percent ?? 0}
                status={running ? (paused ? 'normal' : 'active') : undefined}
                strokeColor={paused ? pausedStroke : undefined}
                aria-label={t('a11y.progressOf', {
                  name: execution.taskName ?? storeName ?? `#${execution.taskId}`,
                })}
                aria-valuetext={progressValueText(t, percent, paused, eta)}
                data-testid="exec-progress"
              />
              <div className="ck-muted">
                {progress?.message ??
                  (typeof result.message === 'string' ? coreText(result.message, lang) : '')}
                {eta != null && ` · ${t('tasks.eta', { eta })}`}
              </div>
            </div>
          )}

          {execution.errorMessage && (
            <div className="ck-section">
              <h3>{t('exec.error')}</h3>
              <Alert
                type="error"
                title={
                  <pre className="ck-pre-wrap" data-testid="exec-error-message">
                    {errorText(
                      {
                        message: execution.errorMessage,
                        messageCode: execution.messageCode,
                        params: execution.messageParams,
                      },
                      lang,
                    )}
                  </pre>
                }
                description={
                  errorSummary && (
                    <pre className="ck-pre-wrap" data-testid="exec-error-summary">
                      {errorSummary}
                    </pre>
                  )
                }
              />
            </div>
          )}

          <div className="ck-section">
            <h3>{t('exec.result')}</h3>
            {result.result_truncated === true && (
              <Alert
                type="warning"
                showIcon
                className="ck-result-note"
                data-testid="exec-result-note"
                title={t('exec.resultTruncated')}
                description={typeof result.result_note === 'string' ? result.result_note : undefined}
              />
            )}
            {Object.keys(result).length === 0 ? (
              <span className="ck-muted">{t('exec.noResult')}</span>
            ) : (
              <pre className="ck-json" data-testid="exec-result">
                {JSON.stringify(result, null, 2)}
              </pre>
            )}
          </div>

          <div className="ck-section">
            <h3>{t('exec.log')}</h3>
            <LogViewer executionId={execution.id} live={running} />
          </div>
        </>
      )}
    </Drawer>
  );
}

/**
 * The drawer's trigger rows: upstream run, what started it, chain runs, the webhook's last delivery. A
 * function, not a component: Descriptions reads its items' props, through fragments only.
 */
function triggerItems(
  execution: Execution,
  chain: ReturnType<typeof useChainState>,
  onOpen: (id: number) => void,
  t: T,
) {
  const detail = triggerDetailText(execution, t);
  return (
    <>
      {execution.upstreamExecutionId != null && (
        <Descriptions.Item label={t('drawer.upstream')} span={2}>
          <UpstreamLink execution={execution} onOpen={onOpen} />
        </Descriptions.Item>
      )}
      {detail && (
        <Descriptions.Item label={t('exec.trigger')} span={2}>
          <span data-testid="exec-trigger-detail">{detail}</span>
        </Descriptions.Item>
      )}
      {chain.downstream.length > 0 && (
        <Descriptions.Item label={t('drawer.downstream')} span={2}>
          <DownstreamLinks downstream={chain.downstream} onOpen={onOpen} />
        </Descriptions.Item>
      )}
      {chain.webhook && (
        <Descriptions.Item label={t('drawer.webhook')} span={2}>
          <WebhookOutcome webhook={chain.webhook} />
        </Descriptions.Item>
      )}
    </>
  );
}
