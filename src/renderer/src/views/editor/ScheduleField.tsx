// The schedule: presets and a builder that write the cron text, the text itself (validated as you type
// by the core's preview, which names the wrong field), the schedule in words, the next runs in the
// task's zone and daylight-saving warnings.
import { Alert, Form, Input, InputNumber, Select, Space, TimePicker } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { fieldA11y } from '../../a11y/field';
import { cronInWords } from '../../format/cron-words';
import { formatInZone } from '../../format/time';
import { coreText } from '../../i18n/core-text';
import { useLang, useT } from '../../i18n/i18n';
import { cronToPreset, presetToCron, type Preset, type PresetKind } from './cron-presets';
import type { PreviewState } from './useSchedulePreview';

const KINDS: PresetKind[] = ['everyN', 'hourly', 'daily', 'weekdays', 'monthly', 'custom'];

export function ScheduleField({
  value,
  onChange,
  zone,
  error,
  preview,
}: {
  value: string;
  onChange(value: string): void;
  /** The zone the runs are shown in (the task's, or the default). */
  zone: string;
  error?: string;
  preview: PreviewState;
}) {
  const t = useT();
  const lang = useLang();
  const preset = useMemo(() => cronToPreset(value), [value]);
  const update = (patch: Partial<Preset>) => {
    const next = { ...preset, ...patch };
    if (next.kind !== 'custom') onChange(presetToCron(next));
  };
  const time = useMemo(
    () => dayjs().hour(preset.hour).minute(preset.minute).second(0),
    [preset.hour, preset.minute],
  );
  const current = preview.forExpression === value ? preview.preview : null;
  const words = !error && current?.valid ? cronInWords(value, lang) : '';
  const a11y = fieldA11y('ck-editor-cronExpression', error, t('editor.cron.help'));

  return (
    <div className="ck-schedule">
      <Space wrap className="ck-builder" data-testid="cron-builder">
        <Select<PresetKind>
          aria-label={t('editor.preset')}
          data-testid="cron-preset"
          value={preset.kind}
          style={{ width: 160 }}
          onChange={(kind) => update({ kind })}
          options={KINDS.map((k) => ({ value: k, label: t(`editor.preset.${k}`) }))}
        />
        {preset.kind === 'everyN' && (
          <Space.Compact>
            <InputNumber
              aria-label={t('editor.preset.everyN')}
              min={1}
              max={59}
              value={preset.everyMinutes}
              onChange={(n) => n && update({ everyMinutes: n })}
            />
            <Space.Addon>{t('editor.builder.minutes')}</Space.Addon>
          </Space.Compact>
        )}
        {preset.kind === 'hourly' && (
          <Space.Compact>
            <Space.Addon>{t('editor.builder.atMinute')}</Space.Addon>
            <InputNumber
              aria-label={t('editor.builder.atMinute')}
              min={0}
              max={59}
              value={preset.minute}
              onChange={(n) => n != null && update({ minute: n })}
            />
          </Space.Compact>
        )}
        {preset.kind === 'monthly' && (
          <Space.Compact>
            <InputNumber
              aria-label={t('editor.builder.dayOfMonth')}
              min={1}
              max={31}
              value={preset.day}
              onChange={(n) => n && update({ day: n })}
            />
            <Space.Addon>{t('editor.builder.day')}</Space.Addon>
          </Space.Compact>
        )}
        {(preset.kind === 'daily' || preset.kind === 'weekdays' || preset.kind === 'monthly') && (
          <TimePicker
            aria-label={t('editor.builder.at')}
            format="HH:mm"
            value={time}
            allowClear={false}
            needConfirm={false}
            onChange={(d) => d && update({ hour: d.hour(), minute: d.minute() })}
          />
        )}
        {preset.kind === 'custom' && <span className="ck-muted">{t('editor.builder.custom')}</span>}
      </Space>
      <Form.Item label={t('editor.cron')} required {...a11y.item} style={{ marginTop: 12 }}>
        <Input
          className="ck-mono"
          value={value}
          data-testid="field-cron"
          {...a11y.control}
          onChange={(e) => onChange(e.target.value)}
          spellCheck={false}
        />
      </Form.Item>
      <div className="ck-preview" data-testid="schedule-preview">
        {words && (
          <div className="ck-cron-words" data-testid="cron-words">
            {words}
          </div>
        )}
        {current?.valid && (
          <>
            <div className="ck-muted">
              {t('editor.nextRuns', {
                count: current.nextRuns.length,
                zone: zone || Intl.DateTimeFormat().resolvedOptions().timeZone,
              })}
            </div>
            {current.nextRuns.length === 0 ? (
              <div className="ck-muted">{t('editor.noRuns')}</div>
            ) : (
              <ol className="ck-next-runs" data-testid="next-runs">
                {current.nextRuns.map((ms) => (
                  <li key={ms}>{formatInZone(ms, zone, lang)}</li>
                ))}
              </ol>
            )}
          </>
        )}
        {current?.dstWarnings.map((warning) => (
          <Alert
            key={warning}
            type="warning"
            showIcon
            title={coreText(warning, lang)}
            data-testid="dst-warning"
            style={{ marginTop: 8 }}
          />
        ))}
      </div>
    </div>
  );
}
