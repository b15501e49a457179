// A schedule in words (cronstrue, English or Simplified Chinese) that follows the day rule the scheduler
// runs (cron-fields.ts: cronie's). cronstrue reads both day fields as "and on", which is right only when a
// day matching either field runs; so it is given the fields as they act: a field that does not restrict the
// days becomes `*`, and when a day must match both fields the day of week is said as a condition.
// Shared by the editor, the task list and `cronkeeper schedule`.
import cronstrue from 'cronstrue';
import 'cronstrue/locales/zh_CN';
import { parseCronExpression } from './cron-fields';

export type WordsLocale = 'en' | 'zh_CN';

// cronstrue's Chinese says a second or minute within its minute or hour as "after one minute" ("在一分钟后的
// 第 0 和 45 秒") and "after the full hour": Cronkeeper's Chinese is cronstrue's with those phrases said as a
// Chinese reader would ("每分钟的第 0 和 45 秒"), registered under a name of its own.
const ZH = 'zh_CN-cronkeeper';
const ZH_PHRASES: Record<string, string> = {
  atX0SecondsPastTheMinute: '每分钟的第 %s 秒',
  secondsX0ThroughX1PastTheMinute: '每分钟的第 %s 到 %s 秒',
  atX0MinutesPastTheHour: '每小时的第 %s 分钟',
  minutesX0ThroughX1PastTheHour: '每小时的第 %s 到 %s 分钟',
};
if (!cronstrue.locales[ZH]) {
  const zh = Object.create(cronstrue.locales.zh_CN) as Record<string, () => string>;
  for (const [phrase, text] of Object.entries(ZH_PHRASES)) zh[phrase] = () => text;
  cronstrue.locales[ZH] = zh as unknown as (typeof cronstrue.locales)[string];
}

/** Chinese punctuation: "0、7、14 和 21" and "，" between clauses, not cronstrue's English commas. */
function chinesePunctuation(words: string): string {
  return words
    .replace(/, 和 /g, ' 和 ')
    .replace(/(\d), (?=\d)/g, '$1、')
    .replace(/, ?/g, '，');
}

const WEEKDAYS: Record<WordsLocale, string[]> = {
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  zh_CN: ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'],
};

function onlyIf(weekdays: string[], locale: WordsLocale): string {
  if (locale === 'zh_CN') {
    const list =
      weekdays.length === 1
        ? weekdays[0]
        : `${weekdays.slice(0, -1).join('、')}或${weekdays[weekdays.length - 1]}`;
    return `，且当天须为${list}`;
  }
  const list =
    weekdays.length === 1
      ? weekdays[0]
      : `${weekdays.slice(0, -1).join(', ')} or ${weekdays[weekdays.length - 1]}`;
  return `, only if that day is a ${list}`;
}

// A step that does not divide its field's range evenly ("*/45" in seconds hits :00 and :45, then :00
// again 15 s later) is not "every 45 seconds": it is written out as the values it hits, which cronstrue
// lists ("at 0 and 45 seconds past the minute"). Seconds, minutes and hours; the "*/N" and "A/N" forms.
function unevenStepsAsLists(fields: string[]): string[] {
  const ranges = fields.length === 6 ? [60, 60, 24] : [60, 24];
  return fields.map((field, i) => {
    const size = ranges[i];
    const match = size ? /^(\*|\d+)\/(\d+)$/.exec(field) : null;
    if (!match) return field;
    const start = match[1] === '*' ? 0 : Number(match[1]);
    const step = Number(match[2]);
    if (!(step > 0) || size % step === 0) return field; // even: it wraps around in step too
    const values: number[] = [];
    for (let v = start; v < size; v += step) values.push(v);
    // A start with one value or all values reads fine as it is.
    return values.length > 1 && values.length < size ? values.join(',') : field;
  });
}

/** The schedule in words, or '' for an expression that does not parse. */
export function scheduleInWords(expression: string, locale: WordsLocale = 'en'): string {
  const result = parseCronExpression(expression);
  if ('error' in result) return '';
  const p = result.parsed;
  const fields = unevenStepsAsLists([...p.fields]);
  const dom = fields.length - 3;
  const dow = fields.length - 1;
  if (p.days === 'every' || p.days === 'week') fields[dom] = '*';
  if (p.days === 'every' || p.days === 'month' || p.days === 'both') fields[dow] = '*';
  let words: string;
  try {
    words = cronstrue.toString(fields.join(' '), {
      locale: locale === 'zh_CN' ? ZH : locale,
      use24HourTimeFormat: true,
      throwExceptionOnParseError: true,
    });
  } catch {
    return '';
  }
  if (locale === 'zh_CN') words = chinesePunctuation(words);
  if (p.days === 'both') {
    const names = WEEKDAYS[locale].filter((_, i) => p.dayOfWeek[i]);
    words += onlyIf(names, locale);
  }
  return words;
}
