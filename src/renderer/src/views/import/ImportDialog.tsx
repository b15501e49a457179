// The one import dialog (the tasks view and Settings open it): pick a file (a Cronkeeper JSON export or
// a crontab, user or system format), see what it would create, what is skipped and why, and each name
// clash with a choice to skip or rename; then Import writes all of it or nothing. The core parses and
// checks (tasks.importPreview); nothing is written before tasks.importApply. Everything from the file is
// shown as text, never as HTML.
import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, Select, Space, Spin } from 'antd';
import { useRef, useState } from 'react';
import type { ImportChoice, ImportFormat, ImportPreview } from '../../../../shared/import-preview';
import { hasControlChars, TEXT_LIMITS } from '../../../../shared/text-fields';
import { useBridge } from '../../api/context';
import { useErrorText } from '../../i18n/core-text';
import { useT } from '../../i18n/i18n';
import { useAppStoreApi } from '../../store/context';
import { ImportPreviewView, type Choice } from './ImportPreviewView';
import { readImportFile } from './read-import-file';
import './import.css';

const FORMATS: ImportFormat[] = ['auto', 'json', 'crontab', 'crontab-system'];

/** A rename's name is usable: not blank, bounded, one line (the core checks again). */
export function usableName(name: string): boolean {
  const trimmed = name.trim();
  return trimmed.length > 0 && trimmed.length <= TEXT_LIMITS.name && !hasControlChars(trimmed);
}

function defaultChoices(preview: ImportPreview): Map<number, Choice> {
  // A clash is skipped unless the user renames it: importing a file twice creates no copies.
  const choices = new Map<number, Choice>();
  for (const item of preview.items)
    if (item.clash) choices.set(item.index, { action: 'skip', name: item.suggestedName ?? item.name });
  return choices;
}

export function ImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const bridge = useBridge();
  const wireText = useErrorText();
  const store = useAppStoreApi();
  const { message } = App.useApp();
  const fileRef = useRef<HTMLInputElement>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const [text, setText] = useState<string | null>(null);
  const [format, setFormat] = useState<ImportFormat>('auto');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [choices, setChoices] = useState<Map<number, Choice>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'reading' | 'importing' | null>(null);

  const reset = () => {
    setFileName(null);
    setText(null);
    setFormat('auto');
    setPreview(null);
    setChoices(new Map());
    setError(null);
    setBusy(null);
  };

  const load = async (source: string, as: ImportFormat) => {
    setBusy('reading');
    setError(null);
    try {
      const result = await bridge['tasks.importPreview']({ text: source, format: as });
      setPreview(result);
      setChoices(defaultChoices(result));
    } catch (err) {
      setPreview(null);
      setError(wireText(err));
    } finally {
      setBusy(null);
    }
  };

  const pick = async (file: File) => {
    setFileName(file.name);
    setPreview(null);
    setText(null);
    const read = await readImportFile(file);
    if (!read.ok) {
      setError(t(read.key, read.vars));
      return;
    }
    setText(read.text);
    await load(read.text, format);
  };

  const toImport = preview
    ? preview.items.filter((item) => choices.get(item.index)?.action !== 'skip').length
    : 0;
  const renamesOk = [...choices.values()].every((c) => c.action !== 'rename' || usableName(c.name));

  const apply = async () => {
    if (!preview || text === null) return;
    setBusy('importing');
    setError(null);
    try {
      const sent: ImportChoice[] = [...choices.entries()].map(([index, c]) =>
        c.action === 'skip' ? { index, action: 'skip' } : { index, action: 'rename', name: c.name.trim() },
      );
      const result = await bridge['tasks.importApply']({ text, format: preview.format, choices: sent });
      void message.success(
        result.created === 1 ? t('settings.imported.one') : t('settings.imported', { count: result.created }),
      );
      void store
        .getState()
        .loadTasks()
        .catch(() => {});
      reset();
      onClose();
    } catch (err) {
      setError(wireText(err));
      setBusy(null);
    }
  };

  const close = () => {
    reset();
    onClose();
  };

  return (
    <Modal
      open={open}
      title={t('import.title')}
      onCancel={close}
      width={1000}
      destroyOnHidden
      data-testid="import-dialog"
      footer={
        <Space>
          <Button onClick={close} data-testid="import-cancel">
            {t('common.cancel')}
          </Button>
          <Button
            type="primary"
            disabled={!preview || toImport === 0 || !renamesOk || busy !== null}
            loading={busy === 'importing'}
            onClick={() => void apply()}
            data-testid="import-apply"
          >
            {!preview
              ? t('import.apply.none')
              : toImport === 0
                ? t('import.apply.allSkipped')
                : toImport === 1
                  ? t('import.apply.one')
                  : t('import.apply', { count: toImport })}
          </Button>
        </Space>
      }
    >
      <div className="ck-import-source">
        <Button icon={<UploadOutlined />} onClick={() => fileRef.current?.click()} data-testid="import-pick">
          {t('import.pick')}
        </Button>
        <span className="ck-import-file" data-testid="import-file-name">
          {fileName ?? t('import.noFile')}
        </span>
        <label className="ck-import-format">
          <span>{t('import.format')}</span>
          <Select<ImportFormat>
            value={format}
            style={{ width: 250 }}
            aria-label={t('import.format')}
            data-testid="import-format"
            onChange={(next) => {
              setFormat(next);
              if (text !== null) void load(text, next);
            }}
            options={FORMATS.map((f) => ({ value: f, label: t(`import.format.${f}`) }))}
          />
        </label>
        <input
          ref={fileRef}
          type="file"
          style={{ display: 'none' }}
          data-testid="import-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void pick(file);
            e.target.value = ''; // the same file can be picked again
          }}
        />
      </div>
      <p className="ck-muted ck-import-hint">{t('import.hint')}</p>
      {error !== null && (
        <Alert type="error" showIcon title={error} className="ck-import-error" data-testid="import-error" />
      )}
      {busy === 'reading' && <Spin />}
      {preview && (
        <ImportPreviewView
          preview={preview}
          choices={choices}
          onChoice={(index, choice) => setChoices((old) => new Map(old).set(index, choice))}
        />
      )}
    </Modal>
  );
}
