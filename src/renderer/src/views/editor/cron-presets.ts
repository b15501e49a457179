// The schedule builder's presets and their round trip with the cron text: the text is the truth; a
// preset is recognised from it when it has one of these shapes, and the builder writes the text back.
export type PresetKind = 'everyN' | 'hourly' | 'daily' | 'weekdays' | 'monthly' | 'custom';

export interface Preset {
  kind: PresetKind;
  everyMinutes: number;
  minute: number;
  hour: number;
  day: number;
}

export const DEFAULT_PRESET: Preset = { kind: 'daily', everyMinutes: 15, minute: 0, hour: 9, day: 1 };

const inRange = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;

export function presetToCron(p: Preset): string {
  switch (p.kind) {
    case 'everyN':
      return p.everyMinutes === 1 ? '* * * * *' : `*/${p.everyMinutes} * * * *`;
    case 'hourly':
      return `${p.minute} * * * *`;
    case 'daily':
      return `${p.minute} ${p.hour} * * *`;
    case 'weekdays':
      return `${p.minute} ${p.hour} * * 1-5`;
    case 'monthly':
      return `${p.minute} ${p.hour} ${p.day} * *`;
    default:
      return '';
  }
}

/** Recognises a preset in the text; keeps `fallback`'s values for the parts the text does not set. */
export function cronToPreset(text: string, fallback: Preset = DEFAULT_PRESET): Preset {
  const fields = text.trim().split(/\s+/);
  const custom: Preset = { ...fallback, kind: 'custom' };
  if (fields.length !== 5) return custom;
  const [min, hour, dom, month, dow] = fields;
  if (month !== '*') return custom;
  const num = (s: string) => (/^\d+$/.test(s) ? Number(s) : NaN);

  if (hour === '*' && dom === '*' && dow === '*') {
    if (min === '*') return { ...fallback, kind: 'everyN', everyMinutes: 1 };
    const step = /^\*\/(\d+)$/.exec(min);
    if (step && inRange(Number(step[1]), 1, 59))
      return { ...fallback, kind: 'everyN', everyMinutes: Number(step[1]) };
    if (inRange(num(min), 0, 59)) return { ...fallback, kind: 'hourly', minute: num(min) };
    return custom;
  }
  if (!inRange(num(min), 0, 59) || !inRange(num(hour), 0, 23)) return custom;
  const base = { ...fallback, minute: num(min), hour: num(hour) };
  if (dom === '*' && dow === '*') return { ...base, kind: 'daily' };
  if (dom === '*' && /^(1-5|mon-fri)$/i.test(dow)) return { ...base, kind: 'weekdays' };
  if (dow === '*' && inRange(num(dom), 1, 31)) return { ...base, kind: 'monthly', day: num(dom) };
  return custom;
}
