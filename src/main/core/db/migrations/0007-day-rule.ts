// Cronkeeper now follows Vixie cron's day rule (timing/cron-fields.ts). Expressions where the old rule and
// cron's agree keep their runs untouched; this migration finds the stored ones whose runs change and
// records them in the settings row `notice.dayRule` ({logged, changes}), which the next start-up with an
// application log writes there (day-rule-notice.ts). The expressions themselves are left as the user wrote
// them: they now mean what cron means. A changed task's last slot moves to now, so that the new rule does
// not "catch up" runs on days the task never ran before (as when a user edits a schedule).
import { QueryTypes } from 'sequelize';
import { dayRuleChange, describeDayRuleChange } from '../../timing/day-rule-change';
import type { Migration } from '../migrator';

export const DAY_RULE_NOTICE_KEY = 'notice.dayRule';

export interface DayRuleNoticeEntry {
  id: number;
  name: string;
  cronExpression: string;
  line: string;
}

export const dayRule: Migration = {
  name: '0007-day-rule',
  async up({ context: sequelize, transaction }) {
    const rows = await sequelize.query<{ id: number; name: string; cron_expression: string }>(
      'SELECT id, name, cron_expression FROM scheduled_tasks ORDER BY id',
      { type: QueryTypes.SELECT, transaction },
    );
    const changes: DayRuleNoticeEntry[] = [];
    for (const row of rows) {
      const change = dayRuleChange(row.cron_expression);
      if (!change) continue;
      changes.push({
        id: Number(row.id),
        name: row.name,
        cronExpression: row.cron_expression,
        line: describeDayRuleChange(row.cron_expression, change),
      });
    }
    if (changes.length === 0) return;
    const now = Date.now();
    for (const change of changes) {
      await sequelize.query(
        'UPDATE scheduled_tasks SET last_slot_at = ? WHERE id = ? AND (last_slot_at IS NULL OR last_slot_at < ?)',
        { replacements: [now, change.id, now], transaction },
      );
    }
    await sequelize.query('INSERT INTO settings (key, value_json) VALUES (?, ?)', {
      replacements: [DAY_RULE_NOTICE_KEY, JSON.stringify({ logged: false, changes })],
      transaction,
    });
  },
};
