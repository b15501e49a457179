// "Triggers and conditions": what else starts the task (other tasks' runs, start-up, a watched folder),
// the power conditions, keep-awake and the webhook. Errors (the editor's or the core's, e.g. a chain
// cycle on "triggers.chains") show under the part they name.
import { FolderOpenOutlined } from '@ant-design/icons';
import { App, Button, Divider, Form, Input, InputNumber, Select, Space, Switch } from 'antd';
import type { ReactNode } from 'react';
import { fieldA11y } from '../../a11y/field';
import { TRIGGER_LIMITS, WEBHOOK_MODES, WEBHOOK_ON, type TaskTriggers } from '../../../../shared/triggers';
import { useBridge } from '../../api/context';
import { useErrorText } from '../../i18n/core-text';
import { useT } from '../../i18n/i18n';
import { ChainTriggers } from './ChainTriggers';
import type { TriggerError } from './trigger-draft';

/** Which part of the section an error path belongs to. */
function partOf(field: string): 'chains' | 'startup' | 'watch' | 'webhookUrl' | 'webhook' | 'other' {
  const sub = field.split('.')[1] ?? '';
  if (sub === 'chains') return 'chains';
  if (sub === 'startupDelaySeconds' || sub === 'onStartup') return 'startup';
  if (sub === 'watch') return 'watch';
  if (sub === 'webhookUrl') return 'webhookUrl';
  if (sub.startsWith('webhook')) return 'webhook';
  return 'other';
}

function Toggle({
  checked,
  onChange,
  label,
  testId,
  help,
}: {
  checked: boolean;
  onChange(v: boolean): void;
  label: string;
  testId: string;
  help?: ReactNode;
}) {
  return (
    <div className="ck-trigger-toggle">
      <Space>
        <Switch checked={checked} onChange={onChange} aria-label={label} data-testid={testId} />
        <span>{label}</span>
      </Space>
      {help && <div className="ck-help-text">{help}</div>}
    </div>
  );
}

export function TriggersSection({
  value,
  onChange,
  selfId,
  error,
}: {
  value: TaskTriggers;
  onChange(triggers: TaskTriggers): void;
  selfId: number | null;
  error?: TriggerError;
}) {
  const t = useT();
  const bridge = useBridge();
  const wireText = useErrorText();
  const { message } = App.useApp();
  const set = (patch: Partial<TaskTriggers>) => onChange({ ...value, ...patch });
  const at = error ? partOf(error.field) : null;
  const errorOf = (part: ReturnType<typeof partOf>) => (error && at === part ? error.message : undefined);
  const a = (id: string, part: ReturnType<typeof partOf>, help?: ReactNode) =>
    fieldA11y(`ck-triggers-${id}`, errorOf(part), help);
  const watch = value.watch;

  const browse = async () => {
    try {
      const { path } = await bridge['dialog.pickFolder']({ defaultPath: watch?.folder || undefined });
      if (path && watch) set({ watch: { ...watch, folder: path } });
      else if (!path && !window.cronkeeper) void message.info(t('editor.browse.unavailable'));
    } catch (e) {
      void message.error(wireText(e));
    }
  };

  const chainsA = a('chains', 'chains', t('triggers.chain.help'));
  return (
    <section data-testid="triggers-section" aria-labelledby="ck-triggers-title">
      <Divider titlePlacement="start">
        <span id="ck-triggers-title">{t('triggers.section')}</span>
      </Divider>
      {errorOf('other') && (
        <div role="alert" className="ck-field-error" data-testid="triggers-error">
          {errorOf('other')}
        </div>
      )}
      <Form.Item label={t('triggers.chain.label')} {...chainsA.item} htmlFor={undefined}>
        <ChainTriggers
          value={value.chains}
          selfId={selfId}
          describedBy={chainsA.control['aria-describedby']}
          onChange={(chains) => set({ chains })}
        />
      </Form.Item>

      <Toggle
        checked={value.onStartup}
        onChange={(onStartup) => set({ onStartup })}
        label={t('triggers.startup')}
        testId="trigger-startup"
      />
      {value.onStartup && (
        <Form.Item label={t('triggers.startup.delay')} {...a('startup', 'startup').item}>
          <InputNumber
            {...a('startup', 'startup').control}
            min={0}
            max={TRIGGER_LIMITS.startupDelaySeconds}
            value={value.startupDelaySeconds}
            suffix={t('common.seconds')}
            data-testid="trigger-startup-delay"
            onChange={(n) => set({ startupDelaySeconds: n ?? 0 })}
          />
        </Form.Item>
      )}

      <Toggle
        checked={watch !== null}
        onChange={(on) => set({ watch: on ? { folder: '', glob: null, debounceMs: 2_000 } : null })}
        label={t('triggers.watch')}
        testId="trigger-watch"
      />
      {watch && (
        <>
          <Form.Item label={t('triggers.watch.folder')} required {...a('watch-folder', 'watch').item}>
            <Space.Compact block>
              <Input
                className="ck-mono"
                {...a('watch-folder', 'watch').control}
                value={watch.folder}
                maxLength={TRIGGER_LIMITS.folder}
                data-testid="trigger-watch-folder"
                onChange={(e) => set({ watch: { ...watch, folder: e.target.value } })}
              />
              <Button icon={<FolderOpenOutlined />} onClick={browse} data-testid="trigger-watch-browse">
                {t('editor.browse')}
              </Button>
            </Space.Compact>
          </Form.Item>
          <Space wrap size="large" align="start">
            <Form.Item
              label={t('triggers.watch.glob')}
              {...a('watch-glob', 'other', t('triggers.watch.glob.help')).item}
            >
              <Input
                className="ck-mono"
                {...a('watch-glob', 'other', t('triggers.watch.glob.help')).control}
                value={watch.glob ?? ''}
                placeholder="*.csv"
                maxLength={TRIGGER_LIMITS.glob}
                data-testid="trigger-watch-glob"
                onChange={(e) => set({ watch: { ...watch, glob: e.target.value || null } })}
              />
            </Form.Item>
            <Form.Item
              label={t('triggers.watch.quiet')}
              {...a('watch-quiet', 'other', t('triggers.watch.quiet.help')).item}
            >
              <InputNumber
                {...a('watch-quiet', 'other', t('triggers.watch.quiet.help')).control}
                min={TRIGGER_LIMITS.debounceMinMs}
                max={TRIGGER_LIMITS.debounceMaxMs}
                step={500}
                value={watch.debounceMs}
                suffix="ms"
                data-testid="trigger-watch-quiet"
                onChange={(n) => set({ watch: { ...watch, debounceMs: n ?? 2_000 } })}
              />
            </Form.Item>
          </Space>
        </>
      )}

      <Toggle
        checked={value.onlyOnAc}
        onChange={(onlyOnAc) => set({ onlyOnAc })}
        label={t('triggers.onlyOnAc')}
        testId="trigger-only-on-ac"
      />
      <Toggle
        checked={value.stopOnBattery}
        onChange={(stopOnBattery) => set({ stopOnBattery })}
        label={t('triggers.stopOnBattery')}
        testId="trigger-stop-on-battery"
      />
      <Toggle
        checked={value.keepAwake}
        onChange={(keepAwake) => set({ keepAwake })}
        label={t('triggers.keepAwake')}
        testId="trigger-keep-awake"
      />

      <Form.Item
        label={t('triggers.webhook')}
        {...a('webhook-mode', 'webhook').item}
        style={{ marginTop: 16 }}
      >
        <Select
          {...a('webhook-mode', 'webhook').control}
          value={value.webhookMode}
          data-testid="trigger-webhook-mode"
          options={WEBHOOK_MODES.map((m) => ({ value: m, label: t(`triggers.webhook.mode.${m}`) }))}
          onChange={(webhookMode) => set({ webhookMode })}
        />
      </Form.Item>
      {value.webhookMode === 'custom' && (
        <>
          <Form.Item label={t('triggers.webhook.url')} required {...a('webhook-url', 'webhookUrl').item}>
            <Input
              className="ck-mono"
              {...a('webhook-url', 'webhookUrl').control}
              value={value.webhookUrl ?? ''}
              placeholder="https://"
              maxLength={TRIGGER_LIMITS.url}
              data-testid="trigger-webhook-url"
              onChange={(e) => set({ webhookUrl: e.target.value || null })}
            />
          </Form.Item>
          <Space wrap size="large" align="start">
            <Form.Item label={t('triggers.webhook.on')} {...a('webhook-on', 'other').item}>
              <Select
                {...a('webhook-on', 'other').control}
                style={{ minWidth: 180 }}
                value={value.webhookOn}
                data-testid="trigger-webhook-on"
                options={WEBHOOK_ON.map((w) => ({ value: w, label: t(`triggers.webhook.on.${w}`) }))}
                onChange={(webhookOn) => set({ webhookOn })}
              />
            </Form.Item>
            <Form.Item
              label={t('triggers.webhook.secret')}
              {...a('webhook-secret', 'other', t('triggers.webhook.secret.help')).item}
            >
              <Input.Password
                {...a('webhook-secret', 'other', t('triggers.webhook.secret.help')).control}
                value={value.webhookSecret ?? ''}
                maxLength={TRIGGER_LIMITS.secret}
                autoComplete="off"
                data-testid="trigger-webhook-secret"
                className="ck-secret-input"
                onChange={(e) => set({ webhookSecret: e.target.value || null })}
              />
            </Form.Item>
          </Space>
        </>
      )}
    </section>
  );
}
