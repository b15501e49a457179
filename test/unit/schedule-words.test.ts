// The schedule in words follows the scheduler's day rule (cronie's): the words the editor, the task list
// and `cronkeeper schedule` show say the days the runs fall on.
import { describe, expect, it } from 'vitest';
import { scheduleInWords } from '../../src/shared/schedule-words';
import { nextRuns } from '../../src/main/core/timing/schedule-math';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

describe('schedule in words', () => {
  const cases: [string, string][] = [
    ['0 0 */2 * 1', 'At 00:00, every 2 days in a month, only if that day is a Monday'],
    [
      '0 4 13 * */2',
      'At 04:00, on day 13 of the month, only if that day is a Sunday, Tuesday, Thursday or Saturday',
    ],
    ['0 4 13 * 0-7', 'At 04:00'],
    ['0 4 1-31 * 1', 'At 04:00'],
    ['0 4 13 * 1', 'At 04:00, on day 13 of the month, and on Monday'],
    ['0 4 */1 * 1', 'At 04:00, only on Monday'],
    ['0 4 13 * *', 'At 04:00, on day 13 of the month'],
    ['0 4 * * FRI-SUN', 'At 04:00, Friday through Sunday'],
    ['0 4 * * 5-0', 'At 04:00, Friday through Sunday'],
    ['*/15 * * * *', 'Every 15 minutes'],
    // A step that does not divide the field evenly is the values it hits, as the preview lists them.
    ['*/45 * * * * *', 'At 0 and 45 seconds past the minute'],
    ['*/7 * * * *', 'At 0, 7, 14, 21, 28, 35, 42, 49, and 56 minutes past the hour'],
    ['0 */5 * * *', 'At 00:00, 05:00, 10:00, 15:00 and 20:00'],
    ['5/20 * * * *', 'Every 20 minutes, starting at 5 minutes past the hour'],
    ['0 */6 * * *', 'On the hour, every 6 hours'],
    ['not cron', ''],
  ];
  for (const [expr, words] of cases) {
    it(`${expr} -> ${words || '(none)'}`, () => expect(scheduleInWords(expr)).toBe(words));
  }

  it('in Simplified Chinese', () => {
    expect(scheduleInWords('0 0 */2 * 1', 'zh_CN')).toBe('在00:00，每隔 2 天，且当天须为星期一');
    expect(scheduleInWords('0 4 13 * 0-7', 'zh_CN')).toBe('在04:00');
  });

  // cronstrue's own Chinese says "在一分钟后的第 0 和 45 秒" ("after one minute") and "在整点后的第 … 分钟",
  // with English commas in its lists.
  const zhCases: [string, string][] = [
    ['*/45 * * * * *', '每分钟的第 0 和 45 秒'],
    ['0-10 * * * * *', '每分钟的第 0 到 10 秒'],
    ['*/7 * * * *', '每小时的第 0、7、14、21、28、35、42、49 和 56 分钟'],
    ['15 * * * *', '每小时的第 15 分钟'],
    ['0-10 * * * *', '每小时的第 0 到 10 分钟'],
    ['0,45 30 * * * *', '每分钟的第 0 和 45 秒，每小时的第 30 分钟'],
    ['0 */5 * * *', '在 00:00、05:00、10:00、15:00 和 20:00'],
  ];
  for (const [expr, words] of zhCases) {
    it(`${expr} in Simplified Chinese -> ${words}`, () => expect(scheduleInWords(expr, 'zh_CN')).toBe(words));
  }
  it('leaves the English words as cronstrue has them', () => {
    expect(scheduleInWords('*/7 * * * *')).toBe(
      'At 0, 7, 14, 21, 28, 35, 42, 49, and 56 minutes past the hour',
    );
  });

  it('when a day must match both fields, every run falls on a weekday the words name', () => {
    const expr = '0 9 */3 * 2,5';
    const words = scheduleInWords(expr);
    expect(words).toBe('At 09:00, every 3 days in a month, only if that day is a Tuesday or Friday');
    const runs = nextRuns(expr, 'UTC', Date.UTC(2026, 0, 1), 20);
    for (const run of runs) {
      const d = new Date(run);
      expect(words).toContain(WEEKDAYS[d.getUTCDay()]);
      expect((d.getUTCDate() - 1) % 3).toBe(0);
    }
  });
});
