// Settings → Application log: where cronkeeper.log is, and "Open log folder" (the desktop app opens it in
// the file manager; a browser page cannot, so there it shows the path). Also says what this desktop
// cannot do (app.info limits): an unsigned macOS build gets no notifications and no login item, a Linux
// desktop without a tray host shows no tray icon.
import { FolderOpenOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { AppInfo, DesktopLimit } from '../../../../shared/contract';
import { useBridge } from '../../api/context';
import { useErrorText } from '../../i18n/core-text';
import { useT } from '../../i18n/i18n';

/** app.info, read once per mount; null until known (or when the call failed: no limits claimed). */
export function useAppInfo(): AppInfo | null {
  const bridge = useBridge();
  const [info, setInfo] = useState<AppInfo | null>(null);
  useEffect(() => {
    let live = true;
    bridge['app.info']({})
      .then((value) => live && setInfo(value))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [bridge]);
  return info;
}

/** The sentence for one limit, shown next to the setting it affects. */
export function LimitNote({ info, limit }: { info: AppInfo | null; limit: DesktopLimit }) {
  const t = useT();
  if (!info?.limits.includes(limit)) return null;
  return (
    <Alert type="warning" showIcon title={t(`settings.limit.${limit}`)} data-testid={`limit-${limit}`} />
  );
}

export function DesktopSection({ info }: { info: AppInfo | null }) {
  const t = useT();
  const bridge = useBridge();
  const wireText = useErrorText();
  const { message } = App.useApp();
  const [shownPath, setShownPath] = useState<string | null>(null);

  const open = async () => {
    try {
      const result = await bridge['app.openLogFolder']({});
      if (!result.opened) setShownPath(result.path);
    } catch (error) {
      void message.error(wireText(error));
    }
  };

  return (
    <Card size="small" title={t('settings.logs')} className="ck-settings-card" data-testid="settings-logs">
      <Space direction="vertical" style={{ width: '100%' }}>
        <LimitNote info={info} limit="noTray" />
        <Typography.Text>{t('settings.logs.where')}</Typography.Text>
        {info && (
          <Typography.Text code copyable data-testid="log-folder">
            {info.logFolder}
          </Typography.Text>
        )}
        {info?.canOpenFolders ? (
          <Button icon={<FolderOpenOutlined />} onClick={open} data-testid="open-log-folder">
            {t('settings.logs.open')}
          </Button>
        ) : (
          info && <Typography.Text type="secondary">{t('settings.logs.browser')}</Typography.Text>
        )}
        {shownPath && (
          <Alert type="info" showIcon title={t('settings.logs.notOpened', { path: shownPath })} />
        )}
      </Space>
    </Card>
  );
}
