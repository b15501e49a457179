// The settings a fresh install starts with; a stored row overrides its key. Apart from the settings
// service so that the scheduler can start from them without depending on the services.
import type { Settings } from '../../shared/types';
import { systemTimezone } from './timing/schedule-math';

export function defaultSettings(): Settings {
  return {
    language: 'system',
    theme: 'system',
    startAtLogin: false,
    concurrencyLimit: 4,
    retentionDays: 90,
    retentionRunsPerTask: 1000,
    logSizeCapBytes: 10 * 1024 * 1024,
    defaultTimezone: systemTimezone(),
    notificationsEnabled: true,
    webhookUrl: '',
    webhookOn: 'failure',
    webhookSecret: '',
    useLoginShellEnvironment: true,
  };
}
