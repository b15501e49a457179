// "Test run": runs the command once now, without recording an execution, and shows its output.
import { Alert, Button } from 'antd';
import { useState } from 'react';
import type { TestRunResult } from '../../../../shared/contract';
import { useBridge } from '../../api/context';
import { asBridgeError } from '../../api/errors';
import { formatDuration } from '../../format/time';
import { useT } from '../../i18n/i18n';
import { envFromRows, exitCodesOf, type Draft } from './draft';

export function TestRunPanel({
  draft,
  onFieldError,
}: {
  draft: Draft;
  onFieldError(field: string | undefined, message: string): void;
}) {
  const t = useT();
  const bridge = useBridge();
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<TestRunResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async () => {
    setRunning(true);
    setError(null);
    setResult(null);
    try {
      setResult(
        await bridge['tasks.testRun']({
          command: draft.command,
          workingDir: draft.workingDir || undefined,
          env: envFromRows(draft.envRows),
          timeoutSeconds: Math.min(600, Math.max(1, draft.timeoutSeconds || 600)),
          outputEncoding: draft.outputEncoding,
          successExitCodes: exitCodesOf(draft.successExitCodes),
        }),
      );
    } catch (e) {
      const err = asBridgeError(e);
      if (err.field) onFieldError(err.field, err.message);
      setError(err.message);
    } finally {
      setRunning(false);
    }
  };

  return (
    <div className="ck-test-run">
      <Button onClick={run} loading={running} disabled={!draft.command.trim()} data-testid="test-run">
        {running ? t('editor.testRun.running') : t('editor.testRun')}
      </Button>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} />}
      {result && (
        <div data-testid="test-run-result" style={{ marginTop: 8 }}>
          <Alert
            type={result.status === 'success' ? 'success' : 'error'}
            showIcon
            title={t('editor.testRun.result', {
              status: t(`status.${result.status}`),
              code: result.exitCode ?? '—',
              duration: formatDuration(result.durationSeconds),
            })}
            description={result.errorMessage ?? undefined}
          />
          {result.path !== undefined && (
            <div className="ck-test-path" data-testid="test-run-path">
              {t('editor.testRun.path')} <code className="ck-mono">{result.path || '—'}</code>
            </div>
          )}
          {/* Scrollable, so focusable (arrow keys scroll it), and named for a screen reader. */}
          <pre className="ck-log ck-test-output" tabIndex={0} role="region" aria-label={t('editor.testRun')}>
            {result.output || ' '}
          </pre>
        </div>
      )}
    </div>
  );
}
