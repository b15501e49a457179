// The shell's own user-facing words (tray, notifications, dialogs) in the UI's two languages. Kept apart
// from the renderer's catalogue (src/renderer/src/i18n), which belongs to the renderer bundle.
export type ShellLang = 'en' | 'zh-CN';

/** The renderer's rule (i18n.tsx), with the system locale Electron reports instead of navigator's. */
export function resolveShellLang(
  setting: 'system' | 'en' | 'zh-CN' | undefined,
  systemLocale: string,
): ShellLang {
  if (setting === 'en' || setting === 'zh-CN') return setting;
  return systemLocale.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export interface ShellText {
  /** BCP 47 tag for formatting times. */
  lang: ShellLang;

  // Tray tooltip
  running(count: number): string;
  paused: string;
  pausedUntil(time: string): string;
  next(task: string, time: string): string;
  nothingScheduled: string;
  /** The scheduler cannot use its database (since `time`); it retries by itself. */
  degraded(time: string): string;
  /** A task known only by its id. */
  taskNumber(id: number): string;
  /** The next task when not even its id is known. */
  aTask: string;

  // Tray menu
  open: string;
  runNow: string;
  noTasks: string;
  pauseAll: string;
  resumeAll: string;
  resumeAllPausedUntil(time: string): string;
  pauseOneHour: string;
  latestFailures: string;
  noFailures: string;
  /** A failed execution whose task has no name any more. */
  unnamedTask(id: number): string;
  quit: string;

  // Run notifications
  taskSucceeded(name: string): string;
  taskRecovered(name: string): string;
  taskTimedOut(name: string): string;
  taskFailed(name: string): string;
  /** Bodies of good runs; took is a formatted duration, or null when unknown. */
  finished(took: string | null): string;
  succeededAfterFailing(took: string | null): string;
  /** Put before the reason of a failure, separator included. */
  exitCode(code: number): string;
  itWasStopped: string;
  itFailed: string;
  stoppedWhileRunning: string;
  units: { seconds: string; minutes: string; hours: string };

  // App: the one-time close-to-tray hint and the start-failure dialogs
  stillRunningTitle: string;
  stillRunningBody: string;
  /** The hint when no tray icon can be shown (stock GNOME): the window was minimized, not hidden. */
  stillRunningNoTrayBody: string;
  openLogFolder: string;
  alreadyRunningTitle: string;
  alreadyRunningBody(dataDir: string, reason: string): string;
  couldNotStartTitle: string;
  couldNotStartBody(reason: string, dataDir: string): string;
}

export const en: ShellText = {
  lang: 'en',
  running: (count) => `${count} running`,
  paused: 'paused',
  pausedUntil: (time) => `paused until ${time}`,
  next: (task, time) => `next: ${task} at ${time}`,
  nothingScheduled: 'nothing scheduled',
  degraded: (time) => `degraded: database unavailable since ${time}, retrying`,
  taskNumber: (id) => `task ${id}`,
  aTask: 'a task',

  open: 'Open Cronkeeper',
  runNow: 'Run now',
  noTasks: 'No tasks yet',
  pauseAll: 'Pause all',
  resumeAll: 'Resume all',
  resumeAllPausedUntil: (time) => `Resume all (paused until ${time})`,
  pauseOneHour: 'Pause for 1 hour',
  latestFailures: 'Latest failures',
  noFailures: 'No failures',
  unnamedTask: (id) => `Task ${id}`,
  quit: 'Quit Cronkeeper',

  taskSucceeded: (name) => `${name} succeeded`,
  taskRecovered: (name) => `${name} recovered`,
  taskTimedOut: (name) => `${name} timed out`,
  taskFailed: (name) => `${name} failed`,
  finished: (took) => (took ? `Finished in ${took}.` : 'Finished.'),
  succeededAfterFailing: (took) =>
    took ? `Succeeded in ${took} after failing.` : 'Succeeded after failing.',
  exitCode: (code) => `Exit code ${code}. `,
  itWasStopped: 'It was stopped.',
  itFailed: 'It failed.',
  stoppedWhileRunning: 'Cronkeeper stopped while it was running.',
  units: { seconds: 's', minutes: 'min', hours: 'h' },

  stillRunningTitle: 'Cronkeeper is still running',
  stillRunningBody: 'Your tasks keep running on schedule. Open or quit Cronkeeper from its tray icon.',
  stillRunningNoTrayBody:
    'Your tasks keep running on schedule. Your desktop shows no tray icons, so Cronkeeper stays minimized: ' +
    'open it from the taskbar or start it again from the launcher.',
  openLogFolder: 'Open log folder',
  alreadyRunningTitle: 'Cronkeeper is already running',
  alreadyRunningBody: (dataDir, reason) =>
    `Another Cronkeeper scheduler (the app, or "cronkeeper serve") is using\n${dataDir}\n\n` +
    `Stop it, then start Cronkeeper again.\n\n${reason}`,
  couldNotStartTitle: 'Cronkeeper could not start',
  couldNotStartBody: (reason, dataDir) => `${reason}\n\nData folder: ${dataDir}`,
};

export const zhCN: ShellText = {
  lang: 'zh-CN',
  running: (count) => `运行中：${count}`,
  paused: '已暂停',
  pausedUntil: (time) => `暂停至 ${time}`,
  next: (task, time) => `下次：${time} 运行 ${task}`,
  nothingScheduled: '暂无计划运行',
  degraded: (time) => `异常：数据库自 ${time} 起不可用，正在重试`,
  taskNumber: (id) => `任务 ${id}`,
  aTask: '某个任务',

  open: '打开 Cronkeeper',
  runNow: '立即运行',
  noTasks: '还没有任务',
  pauseAll: '全部暂停',
  resumeAll: '全部恢复',
  resumeAllPausedUntil: (time) => `全部恢复（暂停至 ${time}）`,
  pauseOneHour: '暂停 1 小时',
  latestFailures: '最近失败',
  noFailures: '没有失败',
  unnamedTask: (id) => `任务 ${id}`,
  quit: '退出 Cronkeeper',

  taskSucceeded: (name) => `${name} 运行成功`,
  taskRecovered: (name) => `${name} 已恢复`,
  taskTimedOut: (name) => `${name} 运行超时`,
  taskFailed: (name) => `${name} 运行失败`,
  finished: (took) => (took ? `已完成，耗时 ${took}。` : '已完成。'),
  succeededAfterFailing: (took) => (took ? `失败后再次成功，耗时 ${took}。` : '失败后再次成功。'),
  exitCode: (code) => `退出码 ${code}。`,
  itWasStopped: '已被停止。',
  itFailed: '运行失败。',
  stoppedWhileRunning: '运行期间 Cronkeeper 停止了。',
  units: { seconds: '秒', minutes: '分', hours: '小时' },

  stillRunningTitle: 'Cronkeeper 仍在运行',
  stillRunningBody: '任务会继续按计划运行。可从托盘图标打开或退出 Cronkeeper。',
  stillRunningNoTrayBody:
    '任务会继续按计划运行。您的桌面不显示托盘图标，因此 Cronkeeper 保持最小化：可从任务栏打开，或从启动器再次启动。',
  openLogFolder: '打开日志文件夹',
  alreadyRunningTitle: 'Cronkeeper 已在运行',
  alreadyRunningBody: (dataDir, reason) =>
    `另一个 Cronkeeper 调度器（本应用或“cronkeeper serve”）正在使用\n${dataDir}\n\n` +
    `请先停止它，再重新启动 Cronkeeper。\n\n${reason}`,
  couldNotStartTitle: 'Cronkeeper 无法启动',
  couldNotStartBody: (reason, dataDir) => `${reason}\n\n数据文件夹：${dataDir}`,
};

export function shellText(lang: ShellLang): ShellText {
  return lang === 'zh-CN' ? zhCN : en;
}
