// The window's frame: navigation, the routed view, the task editor and the global shortcuts.
import {
  DashboardOutlined,
  FieldTimeOutlined,
  HistoryOutlined,
  SettingOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { Layout, Menu, theme } from 'antd';
import { lazy, Suspense } from 'react';
import { useT } from '../i18n/i18n';
import { TaskEditor } from '../views/editor/TaskEditor';
import { HistoryView } from '../views/history/HistoryView';
import { SettingsView } from '../views/settings/SettingsView';
import { TasksView } from '../views/tasks/TasksView';
import { HealthBanner } from './HealthBanner';
import { useGlobalShortcuts } from './keyboard';
import { navigate, parseHash, useHash, type View } from './routes';

// ECharts is the heaviest dependency: load it only when the dashboard is opened.
const DashboardView = lazy(() => import('../views/dashboard/DashboardView'));

export function Shell() {
  const t = useT();
  const route = parseHash(useHash());
  const { token } = theme.useToken();
  useGlobalShortcuts();

  const items: { key: View; icon: React.ReactNode; label: React.ReactNode }[] = [
    {
      key: 'tasks',
      icon: <UnorderedListOutlined />,
      label: t('nav.tasks'),
    },
    {
      key: 'history',
      icon: <HistoryOutlined />,
      label: t('nav.history'),
    },
    {
      key: 'dashboard',
      icon: <DashboardOutlined />,
      label: t('nav.dashboard'),
    },
    {
      key: 'settings',
      icon: <SettingOutlined />,
      label: t('nav.settings'),
    },
  ];

  return (
    <Layout className="ck-shell">
      <Layout.Sider
        width={200}
        theme="light"
        className="ck-sider"
        style={{ background: token.colorBgContainer }}
      >
        <div className="ck-logo">
          <FieldTimeOutlined className="ck-logo-mark" style={{ color: token.colorPrimary }} /> {t('app.name')}
        </div>
        <Menu
          mode="inline"
          selectedKeys={[route.view]}
          items={items}
          style={{ borderInlineEnd: 'none' }}
          onClick={({ key }) => navigate(key as View)}
        />
      </Layout.Sider>
      <Layout.Content className="ck-content" style={{ background: token.colorBgLayout }}>
        <HealthBanner />
        {route.view === 'tasks' && <TasksView />}
        {route.view === 'history' && <HistoryView params={route.params} />}
        {route.view === 'dashboard' && (
          <Suspense fallback={null}>
            <DashboardView />
          </Suspense>
        )}
        {route.view === 'settings' && <SettingsView />}
      </Layout.Content>
      <TaskEditor />
    </Layout>
  );
}
