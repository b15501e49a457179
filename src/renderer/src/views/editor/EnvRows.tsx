// Environment variables as key/value rows.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Input, Space } from 'antd';
import { useT } from '../../i18n/i18n';
import type { EnvRow } from './draft';

export function EnvRows({ rows, onChange }: { rows: EnvRow[]; onChange(rows: EnvRow[]): void }) {
  const t = useT();
  const set = (index: number, patch: Partial<EnvRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <div className="ck-env" data-testid="env-rows">
      {rows.map((row, index) => (
        <Space.Compact key={index} block style={{ marginBottom: 6 }}>
          <Input
            className="ck-mono"
            placeholder={t('editor.env.key')}
            value={row.key}
            aria-label={`${t('editor.env.key')} ${index + 1}`}
            onChange={(e) => set(index, { key: e.target.value })}
            style={{ width: '40%' }}
          />
          <Input
            className="ck-mono"
            placeholder={t('editor.env.value')}
            value={row.value}
            aria-label={`${t('editor.env.value')} ${index + 1}`}
            onChange={(e) => set(index, { value: e.target.value })}
          />
          <Button
            icon={<DeleteOutlined />}
            aria-label={t('editor.env.remove', { index: index + 1 })}
            onClick={() => onChange(rows.filter((_, i) => i !== index))}
          />
        </Space.Compact>
      ))}
      <Button
        size="small"
        icon={<PlusOutlined />}
        onClick={() => onChange([...rows, { key: '', value: '' }])}
      >
        {t('editor.env.add')}
      </Button>
    </div>
  );
}
