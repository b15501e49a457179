// The window's frame: navigation, the routed view, the task editor and the global shortcuts.
import FieldTimeOutlined from '@ant-design/icons-svg/es/asn/FieldTimeOutlined';
import { lazy, Suspense, useEffect, useState, type ComponentType } from 'react';
import { useFocusViewHeading } from '../a11y/focus';
import { useBridge } from '../api/context';
import { useT } from '../i18n/i18n';
import { useAppStore } from '../store/context';
import { prefetchFirstPage } from '../views/history/first-page';
import { useGlobalShortcuts } from './keyboard';
import { useLoaded, type ModuleLoader } from './loaded';
import { SideNav, SvgIcon } from './SideNav';
import { openingRoute, parseHash, useHash, type Route } from './routes';

// Every view is its own chunk, loaded when it is first shown: the first screen parses only the frame
// and the view it opens on (ECharts comes with the dashboard; the editor's form parts with the editor).
const loaders = {
  tasks: () => import('../views/tasks/TasksView').then((m) => ({ default: m.TasksView })),
  history: () => import('../views/history/HistoryView').then((m) => ({ default: m.HistoryView })),
  dashboard: () => import('../views/dashboard/DashboardView'),
  settings: () => import('../views/settings/SettingsView').then((m) => ({ default: m.SettingsView })),
  editor: () => import('../views/editor/TaskEditor').then((m) => ({ default: m.TaskEditor })),
};
// antd's providers, around the views only (the frame paints without antd).
const loadAntdScope = () => import('./AntdScope');
// The view the window opens on, and antd, start loading with the frame's script, not after the frame's
// first render.
void loaders[openingRoute(window.location.hash).view]().catch(() => {});
void loadAntdScope().catch(() => {});

// antd's providers and the views render as soon as their chunks are in (loaded.ts: no Suspense, whose
// reveal throttle held a cold load's first rows back by up to 300 ms); the editor opens later, lazily.
type ViewComponent = ComponentType<{ params: URLSearchParams }>;
const viewLoaders = {
  tasks: loaders.tasks,
  history: loaders.history,
  dashboard: loaders.dashboard,
  settings: loaders.settings,
} as Record<Route['view'], ModuleLoader<ViewComponent>>;
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

/** A window that opens on History asks for its first page at once, while the view's chunk loads. */
function usePrefetchOpeningData(route: Route): void {
  const bridge = useBridge();
  useState(() => {
    if (route.view === 'history') prefetchFirstPage(bridge, route.params);
    return null;
  });
}

export function Shell() {
  const t = useT();
  const route = parseHash(useHash());
  usePrefetchOpeningData(route);
  useGlobalShortcuts();
  usePrefetchViews();
  const editorWanted = useEditorWanted();
  useFocusViewHeading(`${route.view}?${route.params.get('task') ?? ''}`);
  const AntdScope = useLoaded(loadAntdScope);
  const View = useLoaded(viewLoaders[route.view]);

  return (
    <div className="ck-shell">
      <div className="ck-sider">
        <div className="ck-logo">
          <SvgIcon icon={FieldTimeOutlined} className="ck-logo-mark" /> {t('app.name')}
        </div>
        <SideNav current={route.view} />
      </div>
      <main className="ck-content">
        {AntdScope && (
          <AntdScope>
            {View && <View key={route.view} params={route.params} />}
            {editorWanted && (
              <Suspense fallback={null}>
                <TaskEditor />
              </Suspense>
            )}
          </AntdScope>
        )}
      </main>
    </div>
  );
}
