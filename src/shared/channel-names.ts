// Every channel's name, without the contract's zod schemas: the browser bridge (ws-client) needs only the
// names, and importing contract.ts would put zod into the renderer's first script (a sixth of it).
// The type checks below fail the build when this list and the contract's channels disagree.
import type { ChannelName } from './contract';

export const CHANNEL_NAMES = [
  'tasks.list',
  'tasks.get',
  'tasks.create',
  'tasks.update',
  'tasks.delete',
  'tasks.executionCount',
  'tasks.duplicate',
  'tasks.setEnabled',
  'tasks.setPaused',
  'tasks.bulk',
  'tasks.tags',
  'tasks.runNow',
  'tasks.testRun',
  'tasks.testRunCancel',
  'tasks.export',
  'tasks.import',
  'tasks.importPreview',
  'tasks.importApply',
  'executions.list',
  'executions.get',
  'executions.cancel',
  'executions.pause',
  'executions.resume',
  'executions.rerun',
  'executions.log',
  'stats.get',
  'stats.dashboard',
  'schedule.preview',
  'scheduler.state',
  'scheduler.pauseAll',
  'scheduler.resumeAll',
  'settings.get',
  'settings.update',
  'database.get',
  'database.set',
  'dialog.pickFolder',
  'app.ready',
  'app.info',
  'app.openLogFolder',
] as const satisfies readonly ChannelName[];

/** A channel of the contract missing here (add it to CHANNEL_NAMES). */
type Missing = Exclude<ChannelName, (typeof CHANNEL_NAMES)[number]>;
const everyChannelListed: [Missing] extends [never] ? true : Missing = true;
void everyChannelListed;
