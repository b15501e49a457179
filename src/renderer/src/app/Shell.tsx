// The window's frame: navigation, the routed view, the task editor and the global shortcuts.
import {
  DashboardOutlined,
  FieldTimeOutlined,
  HistoryOutlined,
  SettingOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { Layout, Menu, theme } from 'antd';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useFocusViewHeading } from '../a11y/focus';
import { useT } from '../i18n/i18n';
import { useAppStore } from '../store/context';
import { HealthBanner } from './HealthBanner';
import { useGlobalShortcuts } from './keyboard';
import { navigate, parseHash, useHash, type View } from './routes';

// Every view is its own chunk, loaded when it is first shown: the first screen parses only the frame
// and the view it opens on (ECharts comes with the dashboard; the editor's form parts with the editor).
const loaders = {
  tasks: () => import('../views/tasks/TasksView').then((m) => ({ default: m.TasksView })),
  history: () => import('../views/history/HistoryView').then((m) => ({ default: m.HistoryView })),
  dashboard: () => import('../views/dashboard/DashboardView'),
  settings: () => import('../views/settings/SettingsView').then((m) => ({ default: m.SettingsView })),
  editor: () => import('../views/editor/TaskEditor').then((m) => ({ default: m.TaskEditor })),
};
// The view the window opens on starts loading with the frame's script, not after the frame's first render.
void (loaders[parseHash(window.location.hash).view] ?? loaders.tasks)().catch(() => {});

const TasksView = lazy(loaders.tasks);
const HistoryView = lazy(loaders.history);
const DashboardView = lazy(loaders.dashboard);
const SettingsView = lazy(loaders.settings);
const TaskEditor = lazy(loaders.editor);

/** After the first screen has settled, the other views' chunks load in the background, so that
 * switching views later does not wait for the network or the parser. */
const PREFETCH_AFTER_MS = 1_500;

function usePrefetchViews(): void {
  useEffect(() => {
    const timer = setTimeout(() => {
      for (const load of Object.values(loaders)) void load().catch(() => {});
    }, PREFETCH_AFTER_MS);
    return () => clearTimeout(timer);
  }, []);
}

/** The editor drawer mounts when it is first opened and stays mounted (its closing animation, its state). */
function useEditorWanted(): boolean {
  const open = useAppStore((s) => s.editor.mode !== 'closed');
  const [wanted, setWanted] = useState(open);
  if (open && !wanted) setWanted(true);
  return wanted || open;
}

export function Shell() {
  const t = useT();
  const route = parseHash(useHash());
  const { token } = theme.useToken();
  useGlobalShortcuts();
  usePrefetchViews();
  const editorWanted = useEditorWanted();
  useFocusViewHeading(`${route.view}?${route.params.get('task') ?? ''}`);

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
        <Suspense fallback={null}>
          {route.view === 'tasks' && <TasksView />}
          {route.view === 'history' && <HistoryView params={route.params} />}
          {route.view === 'dashboard' && <DashboardView />}
          {route.view === 'settings' && <SettingsView />}
        </Suspense>
      </Layout.Content>
      {editorWanted && (
        <Suspense fallback={null}>
          <TaskEditor />
        </Suspense>
      )}
    </Layout>
  );
}
