// The body of the import preview: a summary, the tasks to create (a name clash has its own choice: skip,
// or rename with a free name suggested), the lines or entries skipped with why, and the notes. Every text
// comes from an untrusted file and is rendered as text.
import { Input, Radio, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type {
  ImportPreview,
  ImportPreviewItem,
  ImportPreviewNote,
  ImportPreviewSkip,
} from '../../../../shared/import-preview';
import { coreText } from '../../i18n/core-text';
import { useLang, useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

export interface Choice {
  action: 'skip' | 'rename';
  name: string;
}

/** Codes whose English detail adds to the translated words (a schedule's error, a user name...). */
const DETAILED = new Set(['invalidLine', 'invalidTask', 'nickname', 'user', 'timezone', 'fields', 'other']);

function where(t: ReturnType<typeof useT>, at: { line: number | null; entry: number | null }): string {
  if (at.line !== null) return t('import.line', { line: at.line });
  if (at.entry !== null) return t('import.entry', { entry: at.entry });
  return '';
}

function ClashChoice({
  item,
  choice,
  onChoice,
}: {
  item: ImportPreviewItem;
  choice: Choice;
  onChoice: (choice: Choice) => void;
}) {
  const t = useT();
  return (
    <div className="ck-import-clash" data-testid="import-clash">
      <Tag color="warning">{t(item.clash === 'file' ? 'import.clash.file' : 'import.clash.existing')}</Tag>
      <Radio.Group
        size="small"
        value={choice.action}
        aria-label={t('import.clash.choice', { name: item.name })}
        onChange={(e) => onChoice({ ...choice, action: e.target.value as Choice['action'] })}
        options={[
          { value: 'skip', label: t('import.clash.skip') },
          { value: 'rename', label: t('import.clash.rename') },
        ]}
      />
      {choice.action === 'rename' && (
        <Input
          size="small"
          value={choice.name}
          maxLength={200}
          aria-label={t('import.clash.newName')}
          status={choice.name.trim() ? undefined : 'error'}
          onChange={(e) => onChoice({ ...choice, name: e.target.value })}
          data-testid="import-rename"
        />
      )}
    </div>
  );
}

export function ImportPreviewView({
  preview,
  choices,
  onChoice,
}: {
  preview: ImportPreview;
  choices: Map<number, Choice>;
  onChoice: (index: number, choice: Choice) => void;
}) {
  const t = useT();
  const clashes = preview.items.filter((item) => item.clash).length;
  const columns: ColumnsType<ImportPreviewItem> = [
    {
      title: t(preview.format === 'json' ? 'import.col.entry' : 'import.col.line'),
      width: 64,
      render: (_, item) => item.line ?? item.entry,
    },
    {
      title: t('import.col.name'),
      width: 300,
      render: (_, item) => {
        const choice = choices.get(item.index);
        return (
          <div>
            <span className={choice?.action === 'skip' ? 'ck-import-skipped-name' : undefined}>
              {item.name}
            </span>
            {item.clash && choice && (
              <ClashChoice item={item} choice={choice} onChoice={(next) => onChoice(item.index, next)} />
            )}
          </div>
        );
      },
    },
    {
      title: t('import.col.schedule'),
      width: 150,
      render: (_, item) => (
        <span>
          <code>{item.cronExpression}</code>
          {item.timezone && <div className="ck-muted ck-import-zone">{item.timezone}</div>}
        </span>
      ),
    },
    {
      title: t('import.col.command'),
      render: (_, item) => (
        <code className="ck-import-command" title={item.command}>
          {item.command}
        </code>
      ),
    },
  ];
  return (
    <div className="ck-import-preview" data-testid="import-preview">
      <p className="ck-import-summary" data-testid="import-summary">
        {t('import.detected', { format: t(`import.format.${preview.format}`) })}
        {' · '}
        {t('import.summary', {
          create: preview.items.length,
          skipped: preview.skipped.length,
          clashes,
        })}
      </p>
      <Table<ImportPreviewItem>
        size="small"
        rowKey="index"
        columns={columns}
        dataSource={preview.items}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ y: 320 }}
        rowClassName={(item) => (choices.get(item.index)?.action === 'skip' ? 'ck-import-row-skipped' : '')}
        locale={{ emptyText: t('import.nothing') }}
        data-testid="import-items"
      />
      {preview.skipped.length > 0 && (
        <ProblemList
          title={t('import.skippedTitle', { count: preview.skipped.length })}
          rows={preview.skipped}
          codeKey={(row) => `import.skip.${(row as ImportPreviewSkip).code}` as MessageKey}
          testId="import-skipped"
        />
      )}
      {preview.notes.length > 0 && (
        <ProblemList
          title={t('import.notesTitle', { count: preview.notes.length })}
          rows={preview.notes}
          codeKey={(row) => `import.note.${(row as ImportPreviewNote).code}` as MessageKey}
          testId="import-notes"
        />
      )}
    </div>
  );
}

function ProblemList({
  title,
  rows,
  codeKey,
  testId,
}: {
  title: string;
  rows: (ImportPreviewSkip | ImportPreviewNote)[];
  codeKey: (row: ImportPreviewSkip | ImportPreviewNote) => MessageKey;
  testId: string;
}) {
  const t = useT();
  const lang = useLang();
  const shown = rows.slice(0, 200);
  return (
    <section className="ck-import-problems" data-testid={testId}>
      <Typography.Title level={5}>{title}</Typography.Title>
      <ul>
        {shown.map((row, i) => (
          <li key={i} data-testid={`${testId}-row`}>
            <span className="ck-import-where">
              {where(t, { line: row.line, entry: 'entry' in row ? row.entry : null })}
            </span>
            <span className="ck-import-why">
              {t(codeKey(row))}
              {DETAILED.has(row.code) && row.reason && (
                <span className="ck-muted"> ({coreText(row.reason, lang)})</span>
              )}
            </span>
            {row.text && <code className="ck-import-text">{row.text}</code>}
          </li>
        ))}
      </ul>
      {rows.length > shown.length && (
        <p className="ck-muted">{t('import.more', { count: rows.length - shown.length })}</p>
      )}
    </section>
  );
}
