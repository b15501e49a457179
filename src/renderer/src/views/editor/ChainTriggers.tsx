// "Run after other tasks": the upstream tasks picked from the task list, each with its condition (on
// success, on failure, always). Any one of them fires the task.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Select, Space } from 'antd';
import { useMemo } from 'react';
import { CHAIN_CONDITIONS, TRIGGER_LIMITS, type ChainTrigger } from '../../../../shared/triggers';
import { useT } from '../../i18n/i18n';
import { useAppStore } from '../../store/context';

export function ChainTriggers({
  value,
  onChange,
  selfId,
  describedBy,
}: {
  value: ChainTrigger[];
  onChange(chains: ChainTrigger[]): void;
  /** The task being edited (it cannot follow itself); null for a new task. */
  selfId: number | null;
  describedBy?: string;
}) {
  const t = useT();
  const tasks = useAppStore((s) => s.tasks);
  const order = useAppStore((s) => s.taskOrder);
  const options = useMemo(
    () =>
      order
        .filter((id) => id !== selfId && tasks[id])
        .map((id) => ({ value: id, label: tasks[id].name }))
        .sort((a, b) => a.label.localeCompare(b.label)),
    [order, tasks, selfId],
  );
  const set = (index: number, patch: Partial<ChainTrigger>) =>
    onChange(value.map((c, i) => (i === index ? { ...c, ...patch } : c)));

  return (
    <div data-testid="chain-triggers" className="ck-chain-triggers">
      {value.map((chain, index) => {
        const taken = new Set(value.filter((_, i) => i !== index).map((c) => c.upstreamTaskId));
        return (
          <Space key={index} wrap style={{ marginBottom: 8 }} data-testid="chain-row">
            <Select
              showSearch
              optionFilterProp="label"
              style={{ minWidth: 240 }}
              placeholder={t('triggers.chain.upstream')}
              aria-label={t('triggers.chain.upstreamN', { n: index + 1 })}
              aria-describedby={describedBy}
              data-testid={`chain-upstream-${index}`}
              value={chain.upstreamTaskId > 0 ? chain.upstreamTaskId : undefined}
              options={options.filter((o) => !taken.has(o.value))}
              onChange={(id: number) => set(index, { upstreamTaskId: id })}
            />
            <Select
              style={{ minWidth: 150 }}
              aria-label={t('triggers.chain.conditionN', { n: index + 1 })}
              data-testid={`chain-condition-${index}`}
              value={chain.condition}
              options={CHAIN_CONDITIONS.map((c) => ({ value: c, label: t(`triggers.chain.on.${c}`) }))}
              onChange={(condition) => set(index, { condition })}
            />
            <Button
              icon={<DeleteOutlined />}
              aria-label={t('triggers.chain.removeN', { n: index + 1 })}
              data-testid={`chain-remove-${index}`}
              onClick={() => onChange(value.filter((_, i) => i !== index))}
            />
          </Space>
        );
      })}
      <Button
        icon={<PlusOutlined />}
        data-testid="chain-add"
        disabled={value.length >= TRIGGER_LIMITS.chains || options.length <= value.length}
        onClick={() => onChange([...value, { upstreamTaskId: 0, condition: 'success' }])}
      >
        {t('triggers.chain.add')}
      </Button>
    </div>
  );
}
