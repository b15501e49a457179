// Field-by-field validation of a cron expression, so that an error names the field that is wrong
// ("Hour field: 25 is out of range 0-23") instead of a generic "invalid cron".
// Also used by the renderer for as-you-type validation, so it must stay free of Node imports.

export interface CronFieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export const SECOND_FIELD: CronFieldSpec = { name: 'Second', min: 0, max: 59 };
export const FIVE_FIELDS: CronFieldSpec[] = [
  { name: 'Minute', min: 0, max: 59 },
  { name: 'Hour', min: 0, max: 23 },
  { name: 'Day of month', min: 1, max: 31 },
  { name: 'Month', min: 1, max: 12, names: MONTH_NAMES },
  { name: 'Day of week', min: 0, max: 7, names: DAY_NAMES },
];

export interface CronCheck {
  valid: boolean;
  /** The field that is wrong, e.g. "Hour". */
  field?: string;
  message?: string;
}

function parseValue(raw: string, spec: CronFieldSpec): number | string {
  const lower = raw.toLowerCase();
  if (spec.names) {
    const index = spec.names.indexOf(lower);
    if (index >= 0) return spec === FIVE_FIELDS[3] ? index + 1 : index;
  }
  if (!/^\d+$/.test(raw)) return `"${raw}" is not a number`;
  const value = Number(raw);
  if (value < spec.min || value > spec.max) return `${value} is out of range ${spec.min}-${spec.max}`;
  return value;
}

function checkField(text: string, spec: CronFieldSpec): string | null {
  if (text === '') return 'is empty';
  for (const part of text.split(',')) {
    if (part === '') return 'has an empty list item';
    const [range, step, extra] = part.split('/');
    if (extra !== undefined) return `"${part}" has more than one "/"`;
    if (step !== undefined && (!/^\d+$/.test(step) || Number(step) === 0))
      return `step "${step}" must be a positive number`;
    if (range === '*' || range === '?') continue;
    const bounds = range.split('-');
    if (bounds.length > 2) return `"${range}" is not a valid range`;
    const values = bounds.map((b) => parseValue(b, spec));
    const bad = values.find((v) => typeof v === 'string');
    if (bad !== undefined) return bad as string;
    if (values.length === 2 && (values[0] as number) > (values[1] as number)) {
      return `range ${bounds[0]}-${bounds[1]} goes backwards`;
    }
  }
  return null;
}

/** Checks a 5-field (minute first) or 6-field (second first) cron expression. */
export function checkCronExpression(expression: string): CronCheck {
  const fields = expression.trim().split(/\s+/).filter(Boolean);
  if (fields.length !== 5 && fields.length !== 6) {
    return {
      valid: false,
      message: `A schedule has 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first; this one has ${fields.length}`,
    };
  }
  const specs = fields.length === 6 ? [SECOND_FIELD, ...FIVE_FIELDS] : FIVE_FIELDS;
  for (let i = 0; i < fields.length; i++) {
    const problem = checkField(fields[i], specs[i]);
    if (problem) return { valid: false, field: specs[i].name, message: `${specs[i].name} field: ${problem}` };
  }
  return { valid: true };
}
