// Settings: language, theme, start at login, concurrency, retention, log cap, default zone,
// notifications; export of tasks and the import dialog; the application log (and what this desktop cannot do). Each change is checked against the contract's schema, then
// saved at once; an error (ours or the core's) shows under its field until that field saves.
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Select, Space, Spin, Switch } from 'antd';
import { useState } from 'react';
import { settingsSchema } from '../../../../shared/contract';
import type { Settings } from '../../../../shared/types';
import { useBridge } from '../../api/context';
import { asBridgeError } from '../../api/errors';
import { useErrorText, useReasonText } from '../../i18n/core-text';
import { resolveLang, translate, useT } from '../../i18n/i18n';
import { useAppStore, useAppStoreApi } from '../../store/context';
import { fieldA11y } from '../../a11y/field';
import { DatabaseSection } from './DatabaseSection';
import { DesktopSection, LimitNote, useAppInfo } from './DesktopSection';
import { NumberSetting } from './NumberSetting';
import { WebhookSection } from './WebhookSection';
import { ImportButton } from '../import/ImportButton';

const MB = 1024 * 1024;

/** The number fields' ranges, in the units shown (the log cap in MB), for the inputs and the messages. */
const RANGES = {
  concurrencyLimit: [1, 64],
  retentionDays: [0, 3650],
  retentionRunsPerTask: [0, 1_000_000],
  logSizeCapBytes: [0.0625, 1024],
} as const;

const patchSchema = settingsSchema.partial().strict();

function zones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? ['UTC'];
}

export function SettingsView() {
  const t = useT();
  const bridge = useBridge();
  const wireText = useErrorText();
  const reasonText = useReasonText();
  const store = useAppStoreApi();
  const settings = useAppStore((s) => s.settings);
  const { message } = App.useApp();
  const [errors, setErrors] = useState<Partial<Record<keyof Settings, string>>>({});
  const appInfo = useAppInfo();

  if (!settings) return <Spin className="ck-center" />;

  /** Saves one field; false (with the error under the field) when the value is refused. */
  const update = async (patch: Partial<Settings>): Promise<boolean> => {
    const field = Object.keys(patch)[0] as keyof Settings;
    if (!patchSchema.safeParse(patch).success) {
      const range = RANGES[field as keyof typeof RANGES];
      const text = range
        ? t('settings.invalidRange', { min: range[0], max: range[1] })
        : t('settings.invalid');
      setErrors((prev) => ({ ...prev, [field]: text }));
      return false;
    }
    try {
      await store.getState().updateSettings(patch);
      setErrors((e) => ({ ...e, [field]: undefined }));
      // A new language speaks at once: this very confirmation is in it.
      const saved = patch.language
        ? translate(resolveLang(patch.language), 'settings.saved')
        : t('settings.saved');
      void message.success({ content: saved, key: 'settings-saved' });
      return true;
    } catch (error) {
      const e = asBridgeError(error);
      setErrors((prev) => ({ ...prev, [(e.field as keyof Settings) ?? field]: reasonText(e) }));
      return false;
    }
  };

  const exportTasks = async () => {
    try {
      const { json } = await bridge['tasks.export']({});
      const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `cronkeeper-tasks-${new Date().toISOString().slice(0, 10)}.json`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (error) {
      void message.error(wireText(error));
    }
  };

  // Label and error of a setting, tied to its control (see a11y/field).
  const a11y = (field: keyof Settings) => fieldA11y(`ck-settings-${field}`, errors[field]);
  const item = (field: keyof Settings) => a11y(field).item;
  const control = (field: keyof Settings) => a11y(field).control;

  return (
    <div className="ck-view ck-settings" data-testid="settings-view">
      <h1 className="ck-view-title">{t('settings.title')}</h1>
      <Form layout="horizontal" labelCol={{ span: 10 }} wrapperCol={{ span: 14 }} style={{ maxWidth: 760 }}>
        <Card size="small" title={t('settings.appearance')} className="ck-settings-card">
          <Form.Item label={t('settings.language')} {...item('language')}>
            <Select
              {...control('language')}
              value={settings.language}
              data-testid="settings-language"
              onChange={(language) => update({ language })}
              options={[
                { value: 'system', label: t('settings.language.system') },
                { value: 'en', label: 'English' },
                { value: 'zh-CN', label: '简体中文' },
              ]}
            />
          </Form.Item>
          <Form.Item label={t('settings.theme')} {...item('theme')}>
            <Select
              {...control('theme')}
              value={settings.theme}
              data-testid="settings-theme"
              onChange={(theme) => update({ theme })}
              options={(['system', 'light', 'dark'] as const).map((v) => ({
                value: v,
                label: t(`settings.theme.${v}`),
              }))}
            />
          </Form.Item>
        </Card>
        <Card size="small" title={t('settings.behavior')} className="ck-settings-card">
          <Form.Item label={t('settings.startAtLogin')} {...item('startAtLogin')}>
            <Switch
              {...control('startAtLogin')}
              checked={settings.startAtLogin}
              onChange={(startAtLogin) => update({ startAtLogin })}
            />
          </Form.Item>
          <LimitNote info={appInfo} limit="unsignedMacLoginItem" />
          <Form.Item label={t('settings.concurrency')} {...item('concurrencyLimit')}>
            <NumberSetting
              a11y={control('concurrencyLimit')}
              min={RANGES.concurrencyLimit[0]}
              max={RANGES.concurrencyLimit[1]}
              precision={0}
              value={settings.concurrencyLimit}
              testId="settings-concurrency"
              onCommit={(concurrencyLimit) => update({ concurrencyLimit })}
            />
          </Form.Item>
          <Form.Item label={t('settings.defaultTimezone')} {...item('defaultTimezone')}>
            <Select
              {...control('defaultTimezone')}
              showSearch
              value={settings.defaultTimezone}
              onChange={(defaultTimezone) => update({ defaultTimezone })}
              options={[
                {
                  value: '',
                  label: `${t('tasks.systemZone')} (${Intl.DateTimeFormat().resolvedOptions().timeZone})`,
                },
                ...zones().map((z) => ({ value: z, label: z })),
              ]}
            />
          </Form.Item>
          <Form.Item label={t('settings.notifications')} {...item('notificationsEnabled')}>
            <Switch
              {...control('notificationsEnabled')}
              checked={settings.notificationsEnabled}
              onChange={(notificationsEnabled) => update({ notificationsEnabled })}
            />
          </Form.Item>
          <LimitNote info={appInfo} limit="unsignedMacNotifications" />
          <Form.Item
            label={t('settings.loginEnv')}
            extra={t('settings.loginEnv.help')}
            {...item('useLoginShellEnvironment')}
          >
            <Switch
              {...control('useLoginShellEnvironment')}
              checked={settings.useLoginShellEnvironment}
              data-testid="setting-login-env"
              onChange={(useLoginShellEnvironment) => update({ useLoginShellEnvironment })}
            />
          </Form.Item>
        </Card>
        <Card size="small" title={t('settings.retention')} className="ck-settings-card">
          <Form.Item
            label={t('settings.retentionDays')}
            extra={<span data-testid="settings-retention-days-zero">{t('settings.retentionDays.zero')}</span>}
            {...item('retentionDays')}
          >
            <NumberSetting
              a11y={control('retentionDays')}
              min={RANGES.retentionDays[0]}
              max={RANGES.retentionDays[1]}
              precision={0}
              value={settings.retentionDays}
              testId="settings-retention-days"
              onCommit={(retentionDays) => update({ retentionDays })}
            />
          </Form.Item>
          <Form.Item
            label={t('settings.retentionRuns')}
            extra={<span data-testid="settings-retention-runs-zero">{t('settings.retentionRuns.zero')}</span>}
            {...item('retentionRunsPerTask')}
          >
            <NumberSetting
              a11y={control('retentionRunsPerTask')}
              min={RANGES.retentionRunsPerTask[0]}
              max={RANGES.retentionRunsPerTask[1]}
              precision={0}
              value={settings.retentionRunsPerTask}
              testId="settings-retention-runs"
              onCommit={(retentionRunsPerTask) => update({ retentionRunsPerTask })}
            />
          </Form.Item>
          <Form.Item label={t('settings.logCap')} {...item('logSizeCapBytes')}>
            <NumberSetting
              a11y={control('logSizeCapBytes')}
              min={RANGES.logSizeCapBytes[0]}
              max={RANGES.logSizeCapBytes[1]}
              step={1}
              value={Math.round((settings.logSizeCapBytes / MB) * 100) / 100}
              testId="settings-log-cap"
              onCommit={(mb) => update({ logSizeCapBytes: Math.round(mb * MB) })}
            />
          </Form.Item>
        </Card>
        <WebhookSection settings={settings} update={update} errors={errors} />
        <Card size="small" title={t('settings.data')} className="ck-settings-card">
          <Space>
            <Button icon={<DownloadOutlined />} onClick={exportTasks} data-testid="export-tasks">
              {t('settings.export')}
            </Button>
            {/* The one import dialog (also in the tasks view): an export or a crontab, with a preview. */}
            <ImportButton label={t('settings.import')} testId="settings-import" />
          </Space>
        </Card>
        <DatabaseSection />
        <DesktopSection info={appInfo} />
      </Form>
      {Object.values(errors).some(Boolean) && (
        <Alert
          type="error"
          showIcon
          title={Object.values(errors).filter(Boolean).join('; ')}
          data-testid="settings-errors"
        />
      )}
    </div>
  );
}
