// The editor's output settings: how the command's output is decoded (console programs on Windows write in
// the system code page) and which exit codes count as success ("0, 1" for robocopy-like tools).
import { Form, Input, Select, Space } from 'antd';
import { OUTPUT_ENCODINGS } from '../../../../shared/task-output';
import { useT } from '../../i18n/i18n';
import type { Draft, DraftField } from './draft';

export function OutputFields({
  draft,
  change,
  shown,
}: {
  draft: Draft;
  change: <K extends DraftField>(field: K, value: Draft[K]) => void;
  shown: (field: DraftField) => string | undefined;
}) {
  const t = useT();
  const status = (field: DraftField) => (shown(field) ? ('error' as const) : undefined);
  // A name set elsewhere (CLI, import) that is not in the list still shows as itself.
  const names: string[] = [...OUTPUT_ENCODINGS];
  if (!names.includes(draft.outputEncoding)) names.push(draft.outputEncoding);
  const options = names.map((value) => ({
    value,
    label: value === 'auto' ? t('editor.encoding.auto') : value,
  }));
  return (
    <Space wrap size="large" align="start">
      <Form.Item
        label={t('editor.encoding')}
        validateStatus={status('outputEncoding')}
        help={shown('outputEncoding') ?? t('editor.encoding.help')}
      >
        <Select
          showSearch
          value={draft.outputEncoding}
          aria-label={t('editor.encoding')}
          data-testid="field-encoding"
          style={{ minWidth: 180 }}
          onChange={(value) => change('outputEncoding', value)}
          options={options}
        />
      </Form.Item>
      <Form.Item
        label={t('editor.successCodes')}
        validateStatus={status('successExitCodes')}
        help={shown('successExitCodes') ?? t('editor.successCodes.help')}
      >
        <Input
          className="ck-mono"
          value={draft.successExitCodes}
          aria-label={t('editor.successCodes')}
          maxLength={200}
          data-testid="field-success-codes"
          onChange={(e) => change('successExitCodes', e.target.value)}
        />
      </Form.Item>
    </Space>
  );
}
