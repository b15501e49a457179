// Writes migration 0007's list of schedules whose meaning changed with cron's day rule into the application
// log, once: the first start-up that has an application log (the app or `serve`; a one-shot CLI command
// may have run the migration without one). The settings row stays as the record, marked as logged.
import type { AppLog } from './app-log';
import type { Database } from './db/database';
import { DAY_RULE_NOTICE_KEY, type DayRuleNoticeEntry } from './db/migrations/0007-day-rule';
import { settingJson, writeSettings } from './store/settings';

interface Notice {
  logged: boolean;
  changes: DayRuleNoticeEntry[];
}

/** Logs the pending notice (returns how many schedules it lists; 0 when there is nothing to log). */
export async function logDayRuleNotice(db: Database, appLog: AppLog): Promise<number> {
  const json = await settingJson(db, DAY_RULE_NOTICE_KEY);
  if (json === null) return 0;
  let notice: Notice;
  try {
    notice = JSON.parse(json) as Notice;
  } catch {
    return 0;
  }
  if (notice.logged || !Array.isArray(notice.changes)) return 0;
  appLog.warn(
    `Schedules follow cron's day rule since this version (see Release notes in the README); ` +
      `${notice.changes.length} stored schedule${notice.changes.length === 1 ? '' : 's'} change meaning:`,
  );
  for (const change of notice.changes) {
    appLog.warn(`Task "${change.name}" (id ${change.id}): ${change.line}`);
  }
  // Another machine (team mode) may log it at the same moment; one extra copy in a log is harmless.
  await writeSettings(db, [[DAY_RULE_NOTICE_KEY, JSON.stringify({ ...notice, logged: true })]]);
  return notice.changes.length;
}
