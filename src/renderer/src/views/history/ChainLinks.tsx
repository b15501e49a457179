// The execution drawer's trigger parts (issue #16): the upstream run that started a chain run ("Started
// by #12"), the chain runs this run started, what started a triggered run ("3 files changed in /data/inbox")
// and the last webhook delivery. Links open that run's drawer in place of this one. Kept live: a chain run
// that starts while the drawer is open re-reads the links, and 'execution.webhook' updates the delivery.
import { Button, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import type { Execution } from '../../../../shared/types';
import { useBridge } from '../../api/context';
import { statusColor } from '../../format/status';
import { formatAbsolute } from '../../format/time';
import { useT, type T } from '../../i18n/i18n';
import { useAppStore } from '../../store/context';

type Downstream = NonNullable<Execution['downstream']>;
type Webhook = Execution['webhook'];

export interface ChainState {
  downstream: Downstream;
  webhook: Webhook;
}

/** The run's chain runs and webhook outcome, kept current by the push events. */
export function useChainState(execution: Execution | null): ChainState {
  const bridge = useBridge();
  const id = execution?.id;
  const [fetched, setFetched] = useState<{ id: number; downstream?: Downstream; webhook?: Webhook } | null>(
    null,
  );
  useEffect(() => {
    if (id === undefined) return;
    let current = true;
    const reread = (e: Execution) => {
      if (e.trigger !== 'chain' || (e.upstreamExecutionId != null && e.upstreamExecutionId !== id)) return;
      bridge['executions.get']({ id }).then(
        (fresh) =>
          current &&
          setFetched((f) => ({ ...(f?.id === id ? f : {}), id, downstream: fresh.downstream ?? [] })),
        () => {},
      );
    };
    const offs = [
      bridge.on('execution.started', ({ execution: e }) => reread(e)),
      bridge.on('execution.finished', ({ execution: e }) => reread(e)),
      bridge.on('execution.webhook', (w) => {
        if (w.executionId !== id) return;
        setFetched((f) => {
          const base = f?.id === id ? f : { id };
          const before = base.webhook ?? null;
          return {
            ...base,
            webhook: {
              ok: w.ok,
              error: w.error,
              at: w.at,
              status: before?.status ?? null,
              attempts: before?.attempts ?? 0,
            },
          };
        });
      }),
    ];
    return () => {
      current = false;
      offs.forEach((off) => off());
    };
  }, [bridge, id]);
  if (!execution) return { downstream: [], webhook: null };
  const mine = fetched?.id === execution.id ? fetched : null;
  return {
    downstream: mine?.downstream ?? execution.downstream ?? [],
    webhook: mine?.webhook !== undefined ? mine.webhook : (execution.webhook ?? null),
  };
}

function RunLink({
  id,
  onOpen,
  testId,
  label,
}: {
  id: number;
  onOpen(id: number): void;
  testId: string;
  label: string;
}) {
  return (
    <Button
      type="link"
      size="small"
      className="ck-run-link"
      onClick={() => onOpen(id)}
      aria-label={label}
      data-testid={testId}
      data-execution-id={id}
    >
      #{id}
    </Button>
  );
}

export function UpstreamLink({ execution, onOpen }: { execution: Execution; onOpen(id: number): void }) {
  const t = useT();
  const upstreamTaskId = Number(execution.triggerDetail?.upstreamTaskId);
  const name = useAppStore((s) => (upstreamTaskId > 0 ? s.tasks[upstreamTaskId]?.name : undefined));
  const id = execution.upstreamExecutionId!;
  return (
    <Space size={4} wrap>
      <RunLink id={id} onOpen={onOpen} testId="exec-upstream" label={t('drawer.upstream.open', { id })} />
      {name && <span>{name}</span>}
    </Space>
  );
}

export function DownstreamLinks({
  downstream,
  onOpen,
}: {
  downstream: Downstream;
  onOpen(id: number): void;
}) {
  const t = useT();
  return (
    <Space size={4} wrap>
      {downstream.map((d) => (
        <span key={d.id} className="ck-retry-link">
          <RunLink
            id={d.id}
            onOpen={onOpen}
            testId="exec-downstream"
            label={t('exec.openRun', { id: d.id })}
          />
          {d.taskName && <span>{d.taskName}</span>}
          <Tag color={statusColor[d.status]}>{t(`status.${d.status}`)}</Tag>
        </span>
      ))}
    </Space>
  );
}

/** What started a start-up or file run, in words; null when there is nothing to say. */
export function triggerDetailText(execution: Execution, t: T): string | null {
  const detail = execution.triggerDetail ?? null;
  if (!detail) return null;
  if (execution.trigger === 'file') {
    const folder = typeof detail.folder === 'string' ? detail.folder : '';
    const count = Number(detail.changes ?? detail.count ?? 0);
    return count === 1 ? t('drawer.trigger.file', { folder }) : t('drawer.trigger.files', { count, folder });
  }
  if (execution.trigger === 'startup') {
    const delay = Number(detail.delaySeconds ?? 0);
    return delay > 0 ? t('drawer.trigger.startupDelay', { delay }) : t('drawer.trigger.startup');
  }
  return null;
}

export function WebhookOutcome({ webhook }: { webhook: NonNullable<Webhook> }) {
  const t = useT();
  const when = formatAbsolute(webhook.at);
  return (
    <span data-testid="exec-webhook" className={webhook.ok ? undefined : 'ck-webhook-failed'}>
      <Tag color={webhook.ok ? 'success' : 'error'}>
        {webhook.ok
          ? t('drawer.webhook.delivered', { when })
          : t('drawer.webhook.failed', { error: webhook.error ?? '—', when })}
      </Tag>
      {webhook.attempts > 1 && (
        <span className="ck-muted">{t('drawer.webhook.attempts', { count: webhook.attempts })}</span>
      )}
    </span>
  );
}
