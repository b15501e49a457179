// Settings → Database: which database this app uses (read-only, never the password) and the data folder's
// shared-database setting (database.json). The database is opened at start, so a new setting is saved for
// the next start; a --database-url flag or CRONKEEPER_DATABASE_URL overrides the file, and we say so.
import { Alert, App, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { databaseUrlSchema } from '../../../../shared/contract';
import type { DatabaseInfo } from '../../../../shared/types';
import { useBridge } from '../../api/context';
import { issueText, useErrorText } from '../../i18n/core-text';
import { useLang, useT } from '../../i18n/i18n';
import { fieldA11y } from '../../a11y/field';

export function DatabaseSection() {
  const t = useT();
  const bridge = useBridge();
  const wireText = useErrorText();
  const lang = useLang();
  const { message } = App.useApp();
  const [info, setInfo] = useState<DatabaseInfo | null>(null);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let live = true;
    bridge['database.get']({})
      .then((value) => live && setInfo(value))
      .catch((e: unknown) => live && setError(wireText(e)));
    return () => {
      live = false;
    };
  }, [bridge]);

  const save = async (url: string | null) => {
    if (url !== null) {
      const parsed = databaseUrlSchema.safeParse(url);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        setError(issue ? issueText(issue, lang) : t('settings.invalid'));
        return;
      }
      url = parsed.data;
    }
    setSaving(true);
    try {
      setInfo(await bridge['database.set']({ url }));
      setDraft('');
      setError(undefined);
      void message.success({ content: t('settings.database.saved'), key: 'database-saved' });
    } catch (e) {
      setError(wireText(e));
    } finally {
      setSaving(false);
    }
  };

  // The URL field's label, and its help or error, tied to it.
  const urlField = fieldA11y('ck-settings-database-url', error, t('settings.database.help'));

  const inUse = !info
    ? t('common.loading')
    : info.engine === 'sqlite'
      ? t('settings.database.sqlite', { location: info.location })
      : t('settings.database.postgres', { location: info.location });

  return (
    <Card
      size="small"
      title={t('settings.database')}
      className="ck-settings-card"
      data-testid="database-section"
    >
      <Form.Item label={t('settings.database.inUse')}>
        <Typography.Text data-testid="database-in-use" copyable={info ? { text: info.location } : false}>
          {inUse}
        </Typography.Text>
        {info && info.source !== 'default' && (
          <Typography.Text type="secondary" className="ck-db-source">
            {' '}
            ({t(`settings.database.source.${info.source}`)})
          </Typography.Text>
        )}
      </Form.Item>
      {info?.fileOverridden && (
        <Alert
          type="warning"
          showIcon
          data-testid="database-overridden"
          title={t('settings.database.overridden')}
          style={{ marginBottom: 12 }}
        />
      )}
      <Form.Item label={t('settings.database.shared')} {...urlField.item}>
        <Typography.Paragraph type="secondary" data-testid="database-file-url" style={{ marginBottom: 8 }}>
          {info?.fileUrl
            ? t('settings.database.saved.url', { url: info.fileUrl })
            : t('settings.database.saved.none')}
        </Typography.Paragraph>
        <Space.Compact style={{ width: '100%' }}>
          <Input.Password
            value={draft}
            placeholder="postgres://user:password@host:5432/cronkeeper"
            {...urlField.control}
            className="ck-password"
            data-testid="database-url"
            autoComplete="off"
            onChange={(e) => {
              setDraft(e.target.value);
              setError(undefined);
            }}
            onPressEnter={() => void save(draft)}
          />
          <Button
            type="primary"
            loading={saving}
            onClick={() => void save(draft)}
            data-testid="database-save"
          >
            {t('common.save')}
          </Button>
        </Space.Compact>
        {info?.fileUrl && (
          <Button
            size="small"
            style={{ marginTop: 8 }}
            disabled={saving}
            onClick={() => void save(null)}
            data-testid="database-clear"
          >
            {t('settings.database.clear')}
          </Button>
        )}
      </Form.Item>
      <Alert type="info" showIcon data-testid="database-restart" title={t('settings.database.restart')} />
    </Card>
  );
}
