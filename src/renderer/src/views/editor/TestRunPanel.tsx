// "Test run": runs the command once now, without recording an execution. Its output and progress show as
// they come (testRun.output / testRun.progress events for this run's id; the protocol's `::progress` lines
// are a bar, never text), it can be cancelled, and a command that could not start says why.
import { Alert, Button, Progress, Space } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { StartProblem, TestRunResult } from '../../../../shared/contract';
import { useBridge } from '../../api/context';
import { asBridgeError } from '../../api/errors';
import { formatDuration } from '../../format/time';
import { coreText, useErrorText, useReasonText } from '../../i18n/core-text';
import { useLang, useT, type Lang, type T } from '../../i18n/i18n';
import { envFromRows, exitCodesOf, type Draft } from './draft';

/** The most output text kept on screen while the run goes (the core sends its end). */
const LIVE_MAX_CHARS = 64 * 1024;

/** An id for this run's events and cancel (random: two editors must not share one). */
function newRunId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return `tr-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function startProblemText(t: T, problem: StartProblem): string {
  return t(`editor.testRun.couldNotStart.${problem.reason}`, { detail: problem.detail });
}

function resultTitle(t: T, result: TestRunResult): string {
  if (result.startProblem) return startProblemText(t, result.startProblem);
  if (result.status === 'cancelled') {
    return t('editor.testRun.cancelled', { duration: formatDuration(result.durationSeconds) });
  }
  return t('editor.testRun.result', {
    status: t(`status.${result.status}`),
    code: result.exitCode ?? '—',
    duration: formatDuration(result.durationSeconds),
  });
}

/** Under the title: the exit and time when the shell said why (127, 126), else the core's own words. */
function resultDescription(t: T, lang: Lang, result: TestRunResult): string | undefined {
  if (result.startProblem) {
    return result.exitCode === null
      ? undefined
      : t('editor.testRun.result', {
          status: t(`status.${result.status}`),
          code: result.exitCode,
          duration: formatDuration(result.durationSeconds),
        });
  }
  if (result.status === 'cancelled') return undefined;
  return result.errorMessage === null ? undefined : coreText(result.errorMessage, lang);
}

export function TestRunPanel({
  draft,
  onFieldError,
}: {
  draft: Draft;
  onFieldError(field: string | undefined, message: string): void;
}) {
  const t = useT();
  const lang = useLang();
  const bridge = useBridge();
  const wireText = useErrorText();
  const reasonText = useReasonText();
  const [runId, setRunId] = useState<string | null>(null);
  const [live, setLive] = useState('');
  const [progress, setProgress] = useState<{ percent: number | null; message: string | null } | null>(null);
  const [result, setResult] = useState<TestRunResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const running = runId !== null;

  // A closed editor leaves no test run behind.
  const current = useRef<string | null>(null);
  useEffect(
    () => () => {
      if (current.current) void bridge['tasks.testRunCancel']({ runId: current.current }).catch(() => {});
    },
    [bridge],
  );

  const run = async () => {
    const id = newRunId();
    current.current = id;
    setRunId(id);
    setError(null);
    setResult(null);
    setLive('');
    setProgress(null);
    setCancelling(false);
    const offs = [
      bridge.on('testRun.output', (p) => {
        if (p.runId !== id) return;
        setLive((shown) => {
          const next = (p.reset ? '' : shown) + p.text;
          return next.length > LIVE_MAX_CHARS ? next.slice(next.length - LIVE_MAX_CHARS) : next;
        });
      }),
      bridge.on('testRun.progress', (p) => {
        if (p.runId === id) setProgress({ percent: p.progressPercent, message: p.message });
      }),
    ];
    try {
      const done = await bridge['tasks.testRun']({
        runId: id,
        command: draft.command,
        workingDir: draft.workingDir || undefined,
        env: envFromRows(draft.envRows),
        timeoutSeconds: Math.min(600, Math.max(1, draft.timeoutSeconds || 600)),
        outputEncoding: draft.outputEncoding,
        successExitCodes: exitCodesOf(draft.successExitCodes),
      });
      setResult(done);
      if (done.progressPercent != null || done.progressMessage != null) {
        setProgress({ percent: done.progressPercent ?? null, message: done.progressMessage ?? null });
      }
    } catch (e) {
      const err = asBridgeError(e);
      if (err.field) onFieldError(err.field, reasonText(err));
      setError(wireText(err));
    } finally {
      offs.forEach((off) => off());
      if (current.current === id) current.current = null;
      setRunId((shown) => (shown === id ? null : shown));
    }
  };

  const cancel = () => {
    if (!runId) return;
    setCancelling(true);
    bridge['tasks.testRunCancel']({ runId }).catch((e) => setError(wireText(e)));
  };

  const output = result ? result.output : live;
  const percent = progress?.percent == null ? null : Math.round(Math.max(0, Math.min(100, progress.percent)));

  return (
    <div className="ck-test-run">
      <Space>
        <Button onClick={run} loading={running} disabled={!draft.command.trim()} data-testid="test-run">
          {running ? t('editor.testRun.running') : t('editor.testRun')}
        </Button>
        {running && (
          <Button danger onClick={cancel} loading={cancelling} data-testid="test-run-cancel">
            {t('editor.testRun.cancel')}
          </Button>
        )}
      </Space>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} />}
      {progress && (
        <div className="ck-test-progress" data-testid="test-run-progress">
          <Progress
            percent={percent ?? 0}
            status={running ? 'active' : undefined}
            aria-label={t('editor.testRun.progress')}
            aria-valuetext={percent == null ? (progress.message ?? undefined) : `${percent}%`}
          />
          {progress.message && <div className="ck-muted">{progress.message}</div>}
        </div>
      )}
      {result && (
        <div data-testid="test-run-result" style={{ marginTop: 8 }}>
          <Alert
            type={
              result.status === 'success' ? 'success' : result.status === 'cancelled' ? 'warning' : 'error'
            }
            showIcon
            title={resultTitle(t, result)}
            description={resultDescription(t, lang, result)}
            data-testid="test-run-status"
            data-status={result.status}
            data-start-problem={result.startProblem?.reason}
          />
          {/* A command that never ran (its folder is missing) had no PATH to show. */}
          {result.path !== undefined && (result.path !== '' || !result.startProblem) && (
            <div className="ck-test-path" data-testid="test-run-path">
              {t('editor.testRun.path')} <code className="ck-mono">{result.path || '—'}</code>
            </div>
          )}
        </div>
      )}
      {/* No empty log under "could not start". */}
      {(running || result) && !(result?.startProblem && !output) && (
        // Scrollable, so focusable (arrow keys scroll it), and named for a screen reader. Live while running.
        <pre
          className="ck-log ck-test-output"
          tabIndex={0}
          role="region"
          aria-label={t('editor.testRun')}
          aria-busy={running}
          data-testid="test-run-output"
        >
          {output || (running ? t('editor.testRun.waiting') : ' ')}
        </pre>
      )}
    </div>
  );
}
