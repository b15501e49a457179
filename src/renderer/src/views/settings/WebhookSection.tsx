// Settings → Default webhook (issue #16): the URL every task uses unless it sets its own or turns it off,
// when to send, and an optional signing secret. The URL is checked as you type (http:// or https:// only)
// and saved when you leave the field or press Enter; an empty URL means no default webhook.
import { Card, Form, Input, Select } from 'antd';
import { useState } from 'react';
import type { Settings } from '../../../../shared/types';
import { TRIGGER_LIMITS, WEBHOOK_ON } from '../../../../shared/triggers';
import { fieldA11y } from '../../a11y/field';
import { useT } from '../../i18n/i18n';
import { isWebhookUrl } from '../editor/trigger-draft';

export function WebhookSection({
  settings,
  update,
  errors,
}: {
  settings: Settings;
  /** Saves one field; false when it was refused (the error then shows under it). */
  update(patch: Partial<Settings>): Promise<boolean>;
  errors: Partial<Record<keyof Settings, string>>;
}) {
  const t = useT();
  const [url, setUrl] = useState(settings.webhookUrl);
  const [secret, setSecret] = useState(settings.webhookSecret);
  const localUrlError = url.trim() && !isWebhookUrl(url) ? t('triggers.webhook.urlInvalid') : undefined;
  const urlA = fieldA11y(
    'ck-settings-webhookUrl',
    localUrlError ?? errors.webhookUrl,
    t('settings.webhook.help'),
  );
  const onA = fieldA11y('ck-settings-webhookOn', errors.webhookOn);
  const secretA = fieldA11y(
    'ck-settings-webhookSecret',
    errors.webhookSecret,
    t('triggers.webhook.secret.help'),
  );

  const saveUrl = () => {
    const value = url.trim();
    if (localUrlError || value === settings.webhookUrl) return;
    void update({ webhookUrl: value });
  };
  const saveSecret = () => {
    if (secret !== settings.webhookSecret) void update({ webhookSecret: secret });
  };

  return (
    <Card
      size="small"
      title={t('settings.webhook.title')}
      className="ck-settings-card"
      data-testid="settings-webhook"
    >
      <Form.Item label={t('settings.webhook.url')} {...urlA.item}>
        <Input
          {...urlA.control}
          className="ck-mono"
          value={url}
          placeholder="https://"
          maxLength={TRIGGER_LIMITS.url}
          data-testid="settings-webhook-url"
          onChange={(e) => setUrl(e.target.value)}
          onBlur={saveUrl}
          onPressEnter={saveUrl}
        />
      </Form.Item>
      <Form.Item label={t('settings.webhook.on')} {...onA.item}>
        <Select
          {...onA.control}
          value={settings.webhookOn}
          data-testid="settings-webhook-on"
          options={WEBHOOK_ON.map((w) => ({ value: w, label: t(`triggers.webhook.on.${w}`) }))}
          onChange={(webhookOn) => void update({ webhookOn })}
        />
      </Form.Item>
      <Form.Item label={t('settings.webhook.secret')} {...secretA.item}>
        <Input.Password
          {...secretA.control}
          value={secret}
          maxLength={TRIGGER_LIMITS.secret}
          autoComplete="off"
          data-testid="settings-webhook-secret"
          className="ck-secret-input"
          onChange={(e) => setSecret(e.target.value)}
          onBlur={saveSecret}
          onPressEnter={saveSecret}
        />
      </Form.Item>
    </Card>
  );
}
