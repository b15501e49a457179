// Which expressions change meaning with Vixie cron's day rule (cron-fields.ts), compared with the rule
// Cronkeeper used before, which is also the `cron` package's: a day field counted as unrestricted only when
// its set covered every value, and with both fields restricted a day matching either one ran.
// Migration 0007 lists the stored schedules this finds (with an expression that keeps the old runs), and
// the comparison with CronTime leaves out exactly these expressions.
import { parseCronExpression, parseCronFields, type DayRule, type ParsedCron } from './cron-fields';

/** Longest each month can be (February: leap years). */
const MONTH_MAX_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export interface DayRuleChange {
  /** The rule the expression followed before, and the one it follows now. */
  before: DayRule;
  after: DayRule;
  /** The same expression rewritten so that, under cron's rule, it runs on the days it used to. */
  keep: string;
  /** Under cron's rule the schedule never runs (day 30 of February, day of week "*" + "/2": both needed). */
  neverRuns: boolean;
}

const full = (set: boolean[], from: number, to: number) => set.slice(from, to + 1).every(Boolean);

/** The `cron` package's rule (and Cronkeeper's before 0007). */
export function packageDayRule(p: ParsedCron): DayRule {
  const monthFull = full(p.dayOfMonth, 1, 31);
  const weekFull = full(p.dayOfWeek, 0, 6);
  if (monthFull && weekFull) return 'every';
  if (weekFull) return 'month';
  if (monthFull) return 'week';
  return 'either';
}

export function ruleMatches(rule: DayRule, dayOfMonthOk: boolean, dayOfWeekOk: boolean): boolean {
  switch (rule) {
    case 'every':
      return true;
    case 'month':
      return dayOfMonthOk;
    case 'week':
      return dayOfWeekOk;
    case 'both':
      return dayOfMonthOk && dayOfWeekOk;
    case 'either':
      return dayOfMonthOk || dayOfWeekOk;
  }
}

/** Rewrites the day fields so that cron's rule gives the days `rule` gave. */
function keepExpression(p: ParsedCron, rule: DayRule): string {
  const fields = [...p.fields];
  const dom = fields.length - 3;
  const dow = fields.length - 1;
  if (rule === 'every' || rule === 'week') fields[dom] = '*';
  if (rule === 'every' || rule === 'month') fields[dow] = '*';
  if (rule === 'either') {
    // Neither field may begin with `*`: spell the star's range out ("*/2" -> "1-31/2").
    fields[dom] = fields[dom].replace(/^\*/, '1-31');
    fields[dow] = fields[dow].replace(/^\*/, '0-7');
  }
  return fields.join(' ');
}

/** How the expression's days change, or null when both rules give the same runs (or it does not parse). */
export function dayRuleChange(expression: string): DayRuleChange | null {
  const result = parseCronFields(expression);
  if ('error' in result) return null;
  const p = result.parsed;
  const before = packageDayRule(p);
  const after = p.days;
  if (before === after) return null;
  let differs = false;
  for (let day = 1; day <= 31 && !differs; day++) {
    // A day no selected month has never runs under either rule.
    if (!MONTH_MAX_DAYS.some((max, i) => p.month[i + 1] && day <= max)) continue;
    for (let weekday = 0; weekday < 7 && !differs; weekday++) {
      const dom = p.dayOfMonth[day];
      const dow = p.dayOfWeek[weekday];
      differs = ruleMatches(before, dom, dow) !== ruleMatches(after, dom, dow);
    }
  }
  if (!differs) return null;
  return {
    before,
    after,
    keep: keepExpression(p, before),
    neverRuns: 'error' in parseCronExpression(expression),
  };
}

const RULE_WORDS: Record<DayRule, string> = {
  every: 'every day',
  month: 'on the days of the month it lists',
  week: 'on the days of the week it lists',
  both: 'on days that match both its day of month and its day of week',
  either: 'on days that match its day of month or its day of week',
};

/** One line for the application log and the release notes. */
export function describeDayRuleChange(expression: string, change: DayRuleChange): string {
  const now = change.neverRuns ? 'it now never runs' : `it now runs ${RULE_WORDS[change.after]}`;
  return (
    `"${expression}" ran ${RULE_WORDS[change.before]}; under cron's day rule ${now}. ` +
    `To keep the old runs, change it to "${change.keep}".`
  );
}
