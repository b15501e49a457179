// The execution drawer's retry links: the run a retry retried ("Retry of #12") and the runs that retried
// this one ("Retried by #13 Failed"). Each opens that run's drawer in place of this one. The retries come
// with executions.get; a retry that starts or ends while the drawer is open re-reads them.
import { Button, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import type { Execution } from '../../../../shared/types';
import { useBridge } from '../../api/context';
import { statusColor } from '../../format/status';
import { useT } from '../../i18n/i18n';

type Retries = NonNullable<Execution['retries']>;

export function useRetries(execution: Execution | null): Retries {
  const bridge = useBridge();
  const id = execution?.id;
  const taskId = execution?.taskId;
  const [fetched, setFetched] = useState<{ id: number; retries: Retries } | null>(null);
  useEffect(() => {
    if (id === undefined) return;
    let current = true;
    // A retry of this run appears as a run of the same task, after this one: read the links again then.
    const reread = (e: Execution) => {
      if (e.taskId !== taskId || e.id <= id || e.trigger !== 'retry') return;
      bridge['executions.get']({ id }).then(
        (fresh) => current && setFetched({ id, retries: fresh.retries ?? [] }),
        () => {},
      );
    };
    const offs = [
      bridge.on('execution.started', ({ execution: e }) => reread(e)),
      bridge.on('execution.finished', ({ execution: e }) => reread(e)),
    ];
    return () => {
      current = false;
      offs.forEach((off) => off());
    };
  }, [bridge, id, taskId]);
  if (!execution) return [];
  return fetched?.id === execution.id ? fetched.retries : (execution.retries ?? []);
}

function RunLink({ id, onOpen, testId }: { id: number; onOpen(id: number): void; testId: string }) {
  const t = useT();
  return (
    <Button
      type="link"
      size="small"
      className="ck-run-link"
      onClick={() => onOpen(id)}
      aria-label={t('exec.openRun', { id })}
      data-testid={testId}
      data-execution-id={id}
    >
      #{id}
    </Button>
  );
}

export function RetryOfLink({ retryOf, onOpen }: { retryOf: number; onOpen(id: number): void }) {
  return <RunLink id={retryOf} onOpen={onOpen} testId="exec-retry-of" />;
}

export function RetriedByLinks({ retries, onOpen }: { retries: Retries; onOpen(id: number): void }) {
  const t = useT();
  return (
    <Space size={4} wrap>
      {retries.map((r) => (
        <span key={r.id} className="ck-retry-link">
          <RunLink id={r.id} onOpen={onOpen} testId="exec-retried-by" />
          <Tag color={statusColor[r.status]}>{t(`status.${r.status}`)}</Tag>
        </span>
      ))}
    </Space>
  );
}
