// The task editor (a drawer): every TaskInput field, checked as you type; the core's VALIDATION errors
// land on the field they name. Invalid input cannot be saved, and the editor says why.
import { FolderOpenOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Divider,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Spin,
  Switch,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { MISFIRE_POLICIES, NOTIFY_ON, OVERLAP_POLICIES } from '../../../../shared/types';
import { useBridge } from '../../api/context';
import { asBridgeError } from '../../api/errors';
import { useT } from '../../i18n/i18n';
import { useAppStore, useAppStoreApi } from '../../store/context';
import {
  checkDraft,
  draftFieldOf,
  draftFromTask,
  draftToInput,
  emptyDraft,
  type Draft,
  type DraftField,
  type FieldErrors,
} from './draft';
import { EnvRows } from './EnvRows';
import { ScheduleField } from './ScheduleField';
import { TestRunPanel } from './TestRunPanel';
import { UnsavedChangesDialog } from './UnsavedChangesDialog';
import { useSchedulePreview } from './useSchedulePreview';

let zoneList: string[] | null = null;
function timeZones(): string[] {
  if (!zoneList) {
    const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
    zoneList = intl.supportedValuesOf?.('timeZone') ?? ['UTC'];
    if (!zoneList.includes('UTC')) zoneList = ['UTC', ...zoneList];
  }
  return zoneList;
}

function systemZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export function TaskEditor() {
  const editor = useAppStore((s) => s.editor);
  const open = editor.mode !== 'closed';
  const taskId = editor.mode === 'edit' ? editor.taskId : null;
  // A fresh form per opening (key), so that no state leaks from one task to the next.
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (open) setGeneration((g) => g + 1);
  }, [open, taskId]);
  return open ? <EditorDrawer key={generation} taskId={taskId} /> : null;
}

function EditorDrawer({ taskId }: { taskId: number | null }) {
  const t = useT();
  const bridge = useBridge();
  const store = useAppStoreApi();
  const settings = useAppStore((s) => s.settings);
  const { message } = App.useApp();
  const [draft, setDraft] = useState<Draft | null>(taskId == null ? emptyDraft() : null);
  const [touched, setTouched] = useState<Set<DraftField>>(new Set());
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [generalError, setGeneralError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  // The draft as opened: closing asks first when the form differs from it.
  const [initial, setInitial] = useState<Draft | null>(draft);
  const [askClose, setAskClose] = useState(false);

  useEffect(() => {
    if (taskId == null) return;
    bridge['tasks.get']({ id: taskId }).then(
      (task) => {
        const loaded = draftFromTask(task);
        setDraft(loaded);
        setInitial(loaded);
      },
      (error) => {
        void message.error(asBridgeError(error).message);
        store.getState().openEditor({ mode: 'closed' });
      },
    );
  }, [bridge, taskId, store, message]);

  const defaultZone = settings?.defaultTimezone || systemZone();
  const zoneOptions = useMemo(
    () => [
      { value: '', label: t('editor.timezone.default', { zone: defaultZone }) },
      ...timeZones().map((z) => ({ value: z, label: z })),
    ],
    [t, defaultZone],
  );
  const zone = draft?.timezone || defaultZone;
  const preview = useSchedulePreview(draft?.cronExpression ?? '', zone);

  const errors = useMemo<FieldErrors>(() => {
    if (!draft) return {};
    const local = checkDraft(draft, t);
    const p = preview.forExpression === draft.cronExpression ? preview.preview : null;
    if (!local.cronExpression && p && !p.valid) local.cronExpression = p.error ?? 'Invalid schedule';
    return { ...local, ...serverErrors };
  }, [draft, t, preview, serverErrors]);

  const close = () => store.getState().openEditor({ mode: 'closed' });
  const changed = draft !== null && JSON.stringify(draft) !== JSON.stringify(initial);
  const requestClose = () => (changed ? setAskClose(true) : close());

  const change = <K extends DraftField>(field: K, value: Draft[K]) => {
    setDraft((d) => (d ? { ...d, [field]: value } : d));
    setTouched((s) => (s.has(field) ? s : new Set(s).add(field)));
    setServerErrors((e) => {
      if (!(field in e)) return e;
      const next = { ...e };
      delete next[field];
      return next;
    });
  };

  const shown = (field: DraftField): string | undefined =>
    submitted || touched.has(field) || field in serverErrors ? errors[field] : undefined;

  const fieldError = (field: string | undefined, text: string) => {
    const key = draftFieldOf(field);
    if (key) setServerErrors((e) => ({ ...e, [key]: text }));
    else setGeneralError(text);
  };

  const save = async () => {
    if (!draft) return;
    setSubmitted(true);
    setGeneralError(null);
    const previewCurrent = preview.forExpression === draft.cronExpression && !preview.pending;
    if (Object.keys(errors).length > 0 || !previewCurrent) {
      if (previewCurrent) void message.error(t('editor.invalid'));
      return;
    }
    setSaving(true);
    try {
      const input = draftToInput(draft);
      const task =
        taskId == null
          ? await bridge['tasks.create'](input)
          : await bridge['tasks.update']({ id: taskId, patch: input });
      void message.success(t('editor.saved', { name: task.name }));
      store.getState().select(task.id);
      void store
        .getState()
        .loadTasks()
        .catch(() => {});
      close();
    } catch (error) {
      const e = asBridgeError(error);
      fieldError(e.field, e.message);
    } finally {
      setSaving(false);
    }
  };

  const browse = async () => {
    try {
      const { path } = await bridge['dialog.pickFolder']({ defaultPath: draft?.workingDir || undefined });
      if (path) change('workingDir', path);
      else if (!window.cronkeeper) void message.info(t('editor.browse.unavailable'));
    } catch (error) {
      void message.error(asBridgeError(error).message);
    }
  };

  const errorList = Object.entries(errors).filter(
    ([field]) => submitted || touched.has(field as DraftField) || field in serverErrors,
  );
  const labelOf: Partial<Record<DraftField, string>> = {
    name: t('editor.name'),
    command: t('editor.command'),
    cronExpression: t('editor.cron'),
    envRows: t('editor.env'),
    workingDir: t('editor.workingDir'),
    timezone: t('editor.timezone'),
    hostTag: t('editor.hostTag'),
  };

  const status = (field: DraftField) => (shown(field) ? ('error' as const) : undefined);

  return (
    <Drawer
      open
      size={760}
      title={taskId == null ? t('editor.new') : t('editor.edit')}
      onClose={requestClose}
      keyboard={!askClose}
      data-testid="task-editor"
      destroyOnHidden
      footer={
        <div className="ck-editor-footer">
          {submitted && errorList.length > 0 && (
            <Alert
              type="error"
              showIcon
              data-testid="editor-errors"
              title={t('editor.invalid')}
              description={
                <ul className="ck-error-list">
                  {errorList.map(([field, text]) => (
                    <li key={field}>
                      <b>{labelOf[field as DraftField] ?? field}</b>: {text}
                    </li>
                  ))}
                </ul>
              }
            />
          )}
          {generalError && (
            <Alert type="error" showIcon title={generalError} data-testid="editor-general-error" />
          )}
          <Space style={{ justifyContent: 'flex-end', width: '100%' }}>
            <Button onClick={requestClose}>{t('common.cancel')}</Button>
            <Button
              type="primary"
              onClick={save}
              loading={saving}
              data-testid="editor-save"
              disabled={!draft}
            >
              {t('common.save')}
            </Button>
          </Space>
        </div>
      }
    >
      {!draft ? (
        <Spin />
      ) : (
        <Form layout="vertical" onSubmitCapture={(e) => e.preventDefault()} className="ck-editor">
          <Divider titlePlacement="start">{t('editor.section.basics')}</Divider>
          <Form.Item label={t('editor.name')} required validateStatus={status('name')} help={shown('name')}>
            <Input
              autoFocus
              value={draft.name}
              data-testid="field-name"
              aria-label={t('editor.name')}
              onChange={(e) => change('name', e.target.value)}
            />
          </Form.Item>
          <Form.Item
            label={t('editor.description')}
            validateStatus={status('description')}
            help={shown('description')}
          >
            <Input.TextArea
              autoSize={{ minRows: 1, maxRows: 4 }}
              value={draft.description}
              aria-label={t('editor.description')}
              onChange={(e) => change('description', e.target.value)}
            />
          </Form.Item>
          <Form.Item
            label={t('editor.command')}
            required
            validateStatus={status('command')}
            help={shown('command') ?? t('editor.command.help')}
          >
            <Input.TextArea
              className="ck-mono"
              autoSize={{ minRows: 2, maxRows: 10 }}
              value={draft.command}
              data-testid="field-command"
              aria-label={t('editor.command')}
              spellCheck={false}
              onChange={(e) => change('command', e.target.value)}
            />
          </Form.Item>
          <Form.Item
            label={t('editor.workingDir')}
            validateStatus={status('workingDir')}
            help={shown('workingDir')}
          >
            <Space.Compact block>
              <Input
                className="ck-mono"
                value={draft.workingDir}
                placeholder={t('editor.workingDir.placeholder')}
                aria-label={t('editor.workingDir')}
                data-testid="field-workdir"
                onChange={(e) => change('workingDir', e.target.value)}
              />
              <Button icon={<FolderOpenOutlined />} onClick={browse} data-testid="browse-folder">
                {t('editor.browse')}
              </Button>
            </Space.Compact>
          </Form.Item>
          <Form.Item label={t('editor.env')} validateStatus={status('envRows')} help={shown('envRows')}>
            <EnvRows rows={draft.envRows} onChange={(rows) => change('envRows', rows)} />
          </Form.Item>
          <Form.Item
            label={t('editor.hostTag')}
            validateStatus={status('hostTag')}
            help={shown('hostTag') ?? t('editor.hostTag.help')}
          >
            <Input
              value={draft.hostTag}
              placeholder={t('editor.hostTag.placeholder')}
              aria-label={t('editor.hostTag')}
              maxLength={100}
              data-testid="host-tag"
              onChange={(e) => change('hostTag', e.target.value)}
            />
          </Form.Item>
          <TestRunPanel draft={draft} onFieldError={fieldError} />

          <Divider titlePlacement="start">{t('editor.section.schedule')}</Divider>
          <ScheduleField
            value={draft.cronExpression}
            onChange={(value) => change('cronExpression', value)}
            zone={zone}
            error={shown('cronExpression')}
            preview={preview}
          />
          <Form.Item
            label={t('editor.timezone')}
            validateStatus={status('timezone')}
            help={shown('timezone')}
          >
            <Select
              showSearch
              value={draft.timezone}
              data-testid="field-timezone"
              onChange={(value) => change('timezone', value)}
              options={zoneOptions}
            />
          </Form.Item>

          <Divider titlePlacement="start">{t('editor.section.run')}</Divider>
          <Space wrap size="large" align="start">
            <Form.Item
              label={t('editor.timeout')}
              help={shown('timeoutSeconds') ?? t('editor.timeout.help')}
              validateStatus={status('timeoutSeconds')}
            >
              <InputNumber
                min={0}
                max={7 * 24 * 3600}
                value={draft.timeoutSeconds}
                suffix={t('common.seconds')}
                onChange={(n) => change('timeoutSeconds', n ?? 0)}
              />
            </Form.Item>
            <Form.Item
              label={t('editor.retries')}
              validateStatus={status('maxRetries')}
              help={shown('maxRetries')}
            >
              <InputNumber
                min={0}
                max={10}
                value={draft.maxRetries}
                onChange={(n) => change('maxRetries', n ?? 0)}
              />
            </Form.Item>
            <Form.Item
              label={t('editor.retryDelay')}
              validateStatus={status('retryDelaySeconds')}
              help={shown('retryDelaySeconds')}
            >
              <InputNumber
                min={0}
                max={24 * 3600}
                value={draft.retryDelaySeconds}
                suffix={t('common.seconds')}
                disabled={draft.maxRetries === 0}
                onChange={(n) => change('retryDelaySeconds', n ?? 0)}
              />
            </Form.Item>
          </Space>
          <Form.Item label={t('editor.overlap')} help={t(`editor.overlap.${draft.overlapPolicy}.help`)}>
            <Select
              value={draft.overlapPolicy}
              data-testid="field-overlap"
              onChange={(value) => change('overlapPolicy', value)}
              options={OVERLAP_POLICIES.map((p) => ({ value: p, label: t(`editor.overlap.${p}`) }))}
            />
          </Form.Item>
          <Form.Item label={t('editor.misfire')} help={t(`editor.misfire.${draft.misfirePolicy}.help`)}>
            <Select
              value={draft.misfirePolicy}
              onChange={(value) => change('misfirePolicy', value)}
              options={MISFIRE_POLICIES.map((p) => ({ value: p, label: t(`editor.misfire.${p}`) }))}
            />
          </Form.Item>
          {draft.misfirePolicy !== 'skip' && (
            <Form.Item label={t('editor.misfireGrace')} help={t('editor.misfireGrace.help')}>
              <InputNumber
                min={0}
                max={7 * 24 * 3600}
                value={draft.misfireGraceSeconds}
                suffix={t('common.seconds')}
                onChange={(n) => change('misfireGraceSeconds', n ?? 0)}
              />
            </Form.Item>
          )}
          <Form.Item label={t('editor.notify')}>
            <Select
              value={draft.notifyOn}
              onChange={(value) => change('notifyOn', value)}
              options={NOTIFY_ON.map((n) => ({ value: n, label: t(`editor.notify.${n}`) }))}
            />
          </Form.Item>
          <Space size="large">
            <Space>
              <Switch
                checked={draft.enabled}
                onChange={(v) => change('enabled', v)}
                aria-label={t('editor.enabled')}
              />
              {t('editor.enabled')}
            </Space>
            <Space>
              <Switch
                checked={draft.paused}
                onChange={(v) => change('paused', v)}
                aria-label={t('editor.paused')}
              />
              {t('editor.paused')}
            </Space>
          </Space>
        </Form>
      )}
      {/* The drawer ignores Escape while this is open (keyboard above): Escape answers "keep editing". */}
      <UnsavedChangesDialog
        open={askClose}
        onDiscard={close}
        onKeepEditing={() => setAskClose(false)}
        onSave={() => {
          setAskClose(false);
          void save();
        }}
      />
    </Drawer>
  );
}
