// One valid input per contract channel (TypeScript checks that every channel is here). Tests derive
// invalid inputs from them: an unknown key, a known key with a wrong value, or something else entirely.
import type { ChannelInput, ChannelName } from '../../src/shared/contract';

export const validInputs: { [K in ChannelName]: ChannelInput<K> } = {
  'tasks.list': { search: 'backup', limit: 10 },
  'tasks.get': { id: 1 },
  'tasks.create': { name: 'Nightly backup', command: 'echo hi', cronExpression: '0 2 * * *' },
  'tasks.update': { id: 1, patch: { name: 'Renamed' } },
  'tasks.delete': { id: 1 },
  'tasks.executionCount': { id: 1 },
  'tasks.duplicate': { id: 1 },
  'tasks.setEnabled': { id: 1, enabled: false },
  'tasks.setPaused': { id: 1, paused: true },
  'tasks.runNow': { id: 1 },
  'tasks.testRun': { command: 'echo hi', timeoutSeconds: 5 },
  'tasks.export': {},
  'tasks.import': { json: '[]' },
  'executions.list': { taskId: 1, status: ['failed'], limit: 5 },
  'executions.get': { id: 1 },
  'executions.cancel': { id: 1 },
  'executions.rerun': { id: 1 },
  'executions.log': { id: 1, maxBytes: 1024 },
  'stats.get': { taskId: 1 },
  'stats.dashboard': {},
  'schedule.preview': { cronExpression: '*/5 * * * *', count: 3 },
  'scheduler.state': {},
  'scheduler.pauseAll': { minutes: 60 },
  'scheduler.resumeAll': {},
  'settings.get': {},
  'settings.update': { theme: 'dark' },
  'dialog.pickFolder': {},
  'app.ready': {},
};
