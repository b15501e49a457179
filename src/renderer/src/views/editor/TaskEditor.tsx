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
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { fieldA11y } from '../../a11y/field';
import { useReturnFocus } from '../../a11y/focus';
import { MISFIRE_POLICIES, NOTIFY_ON, OVERLAP_POLICIES } from '../../../../shared/types';
import { useBridge } from '../../api/context';
import { asBridgeError } from '../../api/errors';
import { fieldLabel } from '../../../../shared/messages';
import { coreText, errorText, useErrorText, useReasonText } from '../../i18n/core-text';
import { useLang, useT } from '../../i18n/i18n';
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
import { OutputFields } from './OutputFields';
import { ScheduleField } from './ScheduleField';
import { TagsField } from './TagsField';
import { TestRunPanel } from './TestRunPanel';
import { checkTriggerDetail, type TriggerError } from './trigger-draft';
import { TriggersSection } from './TriggersSection';
import { hasEventTriggers } from '../../../../shared/triggers';
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
  const lang = useLang();
  const bridge = useBridge();
  const wireText = useErrorText();
  const reasonText = useReasonText();
  const store = useAppStoreApi();
  const settings = useAppStore((s) => s.settings);
  const { message } = App.useApp();
  const [draft, setDraft] = useState<Draft | null>(taskId == null ? emptyDraft() : null);
  const [touched, setTouched] = useState<Set<DraftField>>(new Set());
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [generalError, setGeneralError] = useState<string | null>(null);
  // The path of the core's error on the triggers (e.g. "triggers.chains"), to show it on its part.
  const [triggerField, setTriggerField] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // Save pressed while the schedule was still being checked: it saves once the check is back.
  const [saveWanted, setSaveWanted] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  // Closing gives focus back to what opened the editor (or the task's row, or "New task").
  useReturnFocus(() => [
    document.querySelector(
      `[data-testid="task-row"][data-task-id="${taskId ?? store.getState().selectedTaskId}"]`,
    ),
    document.querySelector('[data-testid="new-task"]'),
  ]);
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
        void message.error(errorText(asBridgeError(error), lang));
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
  // A task with a chain, start-up or folder trigger may have no schedule at all.
  const noSchedule = !!draft && !draft.cronExpression.trim() && hasEventTriggers(draft.triggers);

  const errors = useMemo<FieldErrors>(() => {
    if (!draft) return {};
    const local = checkDraft(draft, t, lang);
    const p = preview.forExpression === draft.cronExpression ? preview.preview : null;
    if (!local.cronExpression && !noSchedule && p && !p.valid)
      local.cronExpression = coreText(p.error ?? 'Invalid schedule', lang);
    return { ...local, ...serverErrors };
  }, [draft, t, preview, serverErrors, noSchedule]);
  const triggerError = useMemo<TriggerError | undefined>(() => {
    if (!draft || !errors.triggers) return undefined;
    if (serverErrors.triggers) return { field: triggerField ?? 'triggers', message: serverErrors.triggers };
    return checkTriggerDetail(draft.triggers, t, lang);
  }, [draft, errors.triggers, serverErrors.triggers, triggerField, t]);

  const close = () => store.getState().openEditor({ mode: 'closed' });
  const changed = draft !== null && JSON.stringify(draft) !== JSON.stringify(initial);
  const requestClose = () => {
    // Asking to close drops a Save still waiting for the schedule check: it must not land behind the
    // question (nor after Keep editing, unasked).
    setSaveWanted(false);
    if (changed) setAskClose(true);
    else close();
  };

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

  // The core's words (a cron or time-zone error) in the UI language; the editor's own are already.
  const shown = (field: DraftField): string | undefined => {
    const error = submitted || touched.has(field) || field in serverErrors ? errors[field] : undefined;
    return error === undefined ? undefined : coreText(error, lang);
  };

  const fieldError = (field: string | undefined, text: string) => {
    const key = draftFieldOf(field);
    if (key === 'triggers') setTriggerField(field ?? null);
    if (key) setServerErrors((e) => ({ ...e, [key]: text }));
    else setGeneralError(text);
  };

  const save = async () => {
    if (!draft) return;
    setSubmitted(true);
    setGeneralError(null);
    const previewCurrent = noSchedule || (preview.forExpression === draft.cronExpression && !preview.pending);
    if (Object.keys(errors).length > 0 || !previewCurrent) {
      if (previewCurrent) void message.error(t('editor.invalid'));
      else if (Object.keys(errors).length === 0) setSaveWanted(true); // was silently ignored before
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
      fieldError(e.field, draftFieldOf(e.field) ? reasonText(e) : wireText(e));
    } finally {
      setSaving(false);
    }
  };

  useEffect(() => {
    if (!saveWanted || preview.pending) return;
    setSaveWanted(false);
    void save();
    // `save` is this render's: it sees the checked schedule.
  }, [saveWanted, preview.pending]);

  const browse = async () => {
    try {
      const { path } = await bridge['dialog.pickFolder']({ defaultPath: draft?.workingDir || undefined });
      if (path) change('workingDir', path);
      else if (!window.cronkeeper) void message.info(t('editor.browse.unavailable'));
    } catch (error) {
      void message.error(errorText(asBridgeError(error), lang));
    }
  };

  const errorList = Object.entries(errors).filter(
    ([field]) => submitted || touched.has(field as DraftField) || field in serverErrors,
  );
  const labelOf: Partial<Record<DraftField, string>> = {
    name: t('editor.name'),
    description: t('editor.description'),
    command: t('editor.command'),
    cronExpression: t('editor.cron'),
    envRows: t('editor.env'),
    workingDir: t('editor.workingDir'),
    timezone: t('editor.timezone'),
    hostTag: t('editor.hostTag'),
    tags: t('editor.tags'),
    triggers: t('triggers.section'),
  };

  // Label, help and error of a field, tied to its control (see a11y/field).
  const f = (field: DraftField, help?: ReactNode) => fieldA11y(`ck-editor-${field}`, shown(field), help);

  return (
    <Drawer
      open
      size={760}
      title={<h2 className="ck-drawer-title">{taskId == null ? t('editor.new') : t('editor.edit')}</h2>}
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
                      <b>{labelOf[field as DraftField] ?? fieldLabel(field, lang)}</b>
                      {lang === 'zh-CN' ? '：' : ': '}
                      {text}
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
          <Form.Item label={t('editor.name')} required {...f('name').item}>
            <Input
              autoFocus
              value={draft.name}
              data-testid="field-name"
              {...f('name').control}
              onChange={(e) => change('name', e.target.value)}
            />
          </Form.Item>
          <Form.Item label={t('editor.description')} {...f('description').item}>
            <Input.TextArea
              autoSize={{ minRows: 1, maxRows: 4 }}
              value={draft.description}
              {...f('description').control}
              onChange={(e) => change('description', e.target.value)}
            />
          </Form.Item>
          <Form.Item label={t('editor.command')} required {...f('command', t('editor.command.help')).item}>
            <Input.TextArea
              className="ck-mono"
              autoSize={{ minRows: 2, maxRows: 10 }}
              value={draft.command}
              data-testid="field-command"
              {...f('command', t('editor.command.help')).control}
              spellCheck={false}
              onChange={(e) => change('command', e.target.value)}
            />
          </Form.Item>
          <Form.Item label={t('editor.workingDir')} {...f('workingDir').item}>
            <Space.Compact block>
              <Input
                className="ck-mono"
                value={draft.workingDir}
                placeholder={t('editor.workingDir.placeholder')}
                {...f('workingDir').control}
                data-testid="field-workdir"
                onChange={(e) => change('workingDir', e.target.value)}
              />
              <Button icon={<FolderOpenOutlined />} onClick={browse} data-testid="browse-folder">
                {t('editor.browse')}
              </Button>
            </Space.Compact>
          </Form.Item>
          <Form.Item label={t('editor.env')} {...f('envRows').item} htmlFor={undefined}>
            <EnvRows rows={draft.envRows} onChange={(rows) => change('envRows', rows)} />
          </Form.Item>
          <Form.Item label={t('editor.tags')} {...f('tags', t('editor.tags.help')).item}>
            <TagsField
              value={draft.tags ?? []}
              control={f('tags', t('editor.tags.help')).control}
              onChange={(tags) => change('tags', tags)}
            />
          </Form.Item>
          <Form.Item label={t('editor.hostTag')} {...f('hostTag', t('editor.hostTag.help')).item}>
            <Input
              value={draft.hostTag}
              placeholder={t('editor.hostTag.placeholder')}
              {...f('hostTag', t('editor.hostTag.help')).control}
              maxLength={100}
              data-testid="host-tag"
              onChange={(e) => change('hostTag', e.target.value)}
            />
          </Form.Item>
          <OutputFields draft={draft} change={change} shown={shown} />
          <TestRunPanel draft={draft} onFieldError={fieldError} />

          <Divider titlePlacement="start">{t('editor.section.schedule')}</Divider>
          <ScheduleField
            value={draft.cronExpression}
            onChange={(value) => change('cronExpression', value)}
            zone={zone}
            error={shown('cronExpression')}
            preview={preview}
          />
          {noSchedule && (
            <Alert type="info" showIcon title={t('editor.noSchedule')} data-testid="no-schedule" />
          )}
          <Form.Item label={t('editor.timezone')} {...f('timezone').item}>
            <Select
              showSearch
              {...f('timezone').control}
              value={draft.timezone}
              data-testid="field-timezone"
              onChange={(value) => change('timezone', value)}
              options={zoneOptions}
            />
          </Form.Item>

          <TriggersSection
            value={draft.triggers}
            selfId={taskId}
            error={
              submitted || touched.has('triggers') || 'triggers' in serverErrors ? triggerError : undefined
            }
            onChange={(triggers) => change('triggers', triggers)}
          />

          <Divider titlePlacement="start">{t('editor.section.run')}</Divider>
          <Space wrap size="large" align="start">
            <Form.Item label={t('editor.timeout')} {...f('timeoutSeconds', t('editor.timeout.help')).item}>
              <InputNumber
                {...f('timeoutSeconds', t('editor.timeout.help')).control}
                min={0}
                max={7 * 24 * 3600}
                value={draft.timeoutSeconds}
                suffix={t('common.seconds')}
                onChange={(n) => change('timeoutSeconds', n ?? 0)}
              />
            </Form.Item>
            <Form.Item label={t('editor.retries')} {...f('maxRetries').item}>
              <InputNumber
                {...f('maxRetries').control}
                min={0}
                max={10}
                value={draft.maxRetries}
                onChange={(n) => change('maxRetries', n ?? 0)}
              />
            </Form.Item>
            <Form.Item label={t('editor.retryDelay')} {...f('retryDelaySeconds').item}>
              <InputNumber
                {...f('retryDelaySeconds').control}
                min={0}
                max={24 * 3600}
                value={draft.retryDelaySeconds}
                suffix={t('common.seconds')}
                disabled={draft.maxRetries === 0}
                onChange={(n) => change('retryDelaySeconds', n ?? 0)}
              />
            </Form.Item>
          </Space>
          <Form.Item
            label={t('editor.overlap')}
            {...f('overlapPolicy', t(`editor.overlap.${draft.overlapPolicy}.help`)).item}
          >
            <Select
              {...f('overlapPolicy', t(`editor.overlap.${draft.overlapPolicy}.help`)).control}
              value={draft.overlapPolicy}
              data-testid="field-overlap"
              onChange={(value) => change('overlapPolicy', value)}
              options={OVERLAP_POLICIES.map((p) => ({ value: p, label: t(`editor.overlap.${p}`) }))}
            />
          </Form.Item>
          <Form.Item
            label={t('editor.misfire')}
            {...f('misfirePolicy', t(`editor.misfire.${draft.misfirePolicy}.help`)).item}
          >
            <Select
              {...f('misfirePolicy', t(`editor.misfire.${draft.misfirePolicy}.help`)).control}
              value={draft.misfirePolicy}
              onChange={(value) => change('misfirePolicy', value)}
              options={MISFIRE_POLICIES.map((p) => ({ value: p, label: t(`editor.misfire.${p}`) }))}
            />
          </Form.Item>
          {draft.misfirePolicy !== 'skip' && (
            <Form.Item
              label={t('editor.misfireGrace')}
              {...f('misfireGraceSeconds', t('editor.misfireGrace.help')).item}
            >
              <InputNumber
                {...f('misfireGraceSeconds', t('editor.misfireGrace.help')).control}
                min={0}
                max={7 * 24 * 3600}
                value={draft.misfireGraceSeconds}
                suffix={t('common.seconds')}
                onChange={(n) => change('misfireGraceSeconds', n ?? 0)}
              />
            </Form.Item>
          )}
          <Form.Item label={t('editor.notify')} {...f('notifyOn').item}>
            <Select
              {...f('notifyOn').control}
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
