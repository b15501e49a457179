// Every text field of the contract has a maximum length and refuses control characters, with VALIDATION
// naming the field. The test walks every channel's input schema, so a field added later without limits
// fails here; then it feeds each field a NUL, an escape code and one character too many.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { channelNames, channels, type ChannelName } from '../../src/shared/contract';
import { quoteInput, TEXT_LIMITS } from '../../src/shared/text-fields';
import { validInputs } from '../fixtures/channel-samples';

interface Def {
  type: string;
  shape?: Record<string, { _zod: { def: Def } }>;
  innerType?: { _zod: { def: Def } };
  keyType?: { _zod: { def: Def } };
  valueType?: { _zod: { def: Def } };
  element?: { _zod: { def: Def } };
  checks?: { _zod: { def: { check: string; maximum?: number; format?: string; pattern?: RegExp } } }[];
}

interface TextField {
  channel: ChannelName;
  /** Where the text goes in the input; '*' stands for a record's key, '[]' for an array element. */
  path: string[];
  max: number | undefined;
  patterns: RegExp[];
}

/** The one text field that is not checked by its own schema: an import file, checked entry by entry. */
const EXEMPT = new Set(['tasks.import json']);

function collect(channel: ChannelName, def: Def, path: string[], out: TextField[]): void {
  switch (def.type) {
    case 'object':
      for (const [key, value] of Object.entries(def.shape ?? {}))
        collect(channel, value._zod.def, [...path, key], out);
      return;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
      collect(channel, def.innerType!._zod.def, path, out);
      return;
    case 'record':
      collect(channel, def.keyType!._zod.def, [...path, '*'], out);
      collect(channel, def.valueType!._zod.def, [...path, 'value'], out);
      return;
    case 'array':
      collect(channel, def.element!._zod.def, [...path, '[]'], out);
      return;
    case 'string': {
      const checks = (def.checks ?? []).map((c) => c._zod.def);
      out.push({
        channel,
        path,
        max: checks.find((c) => c.check === 'max_length')?.maximum,
        patterns: checks.filter((c) => c.format === 'regex').map((c) => c.pattern!),
      });
      return;
    }
    default:
      return; // numbers, booleans, enums: no free text
  }
}

const fields: TextField[] = [];
for (const name of channelNames) {
  collect(name, (channels[name].input as unknown as { _zod: { def: Def } })._zod.def, [], fields);
}
const checked = fields.filter((f) => !EXEMPT.has(`${f.channel} ${f.path.join('.')}`));

/** The channel's sample input with `value` put at `path` (a record key or value becomes one entry). */
function inputWith(field: TextField, value: string): unknown {
  const input = structuredClone(validInputs[field.channel]) as Record<string, unknown>;
  let target = input;
  const path = field.path;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i];
    if (path[i + 1] === '[]' && i + 1 === path.length - 1) {
      target[key] = [value]; // a list of texts (tags): one element
      return input;
    }
    if (path[i + 1] === '*' || path[i + 1] === 'value') {
      target[key] = path[i + 1] === '*' ? { [value]: 'v' } : { NAME: value };
      return input;
    }
    if (key === '[]') continue; // stepped into below, with the array's first element
    if (path[i + 1] === '[]') {
      // An array of objects (the import's choices): the value goes into a copy of its first element.
      const first = { ...((target[key] as Record<string, unknown>[] | undefined)?.[0] ?? {}) };
      target[key] = [first];
      target = first;
      continue;
    }
    target[key] = { ...((target[key] as Record<string, unknown>) ?? {}) };
    target = target[key] as Record<string, unknown>;
  }
  target[path[path.length - 1]] = value;
  return input;
}

describe('every text field of the contract', () => {
  it('is found by the walk (the walk itself works)', () => {
    const names = checked.map((f) => `${f.channel} ${f.path.join('.')}`);
    for (const expected of [
      'tasks.create name',
      'tasks.create command',
      'tasks.create env.*',
      'tasks.create env.value',
      'tasks.create workingDir',
      'tasks.create cronExpression',
      'tasks.update patch.description',
      'tasks.testRun env.*',
      'tasks.testRun env.value',
      'tasks.list search',
      'tasks.list tag',
      'tasks.create tags.[]',
      'settings.update defaultTimezone',
      'executions.log search',
    ]) {
      expect(names).toContain(expected);
    }
  });

  it.each(checked.map((f) => [`${f.channel} ${f.path.join('.')}`, f] as const))(
    '%s has a maximum length and refuses control characters',
    (_label, field) => {
      expect(field.max, 'a maximum length').toBeTypeOf('number');
      expect(field.patterns.length, 'a character rule').toBeGreaterThan(0);
      const schema = channels[field.channel].input as z.ZodType;
      // The sample as it is passes; with a NUL or an escape code in this field it does not.
      const ok =
        field.channel === 'database.set'
          ? 'postgres://db.example/cronkeeper'
          : field.path.at(-1) === 'webhookUrl'
            ? 'https://example.com/hook'
            : 'ok';
      expect(schema.safeParse(inputWith(field, ok)).success).toBe(true);
      for (const bad of ['a\u0000b', 'a\u001b[31mb', 'a\u007fb']) {
        const parsed = schema.safeParse(inputWith(field, bad));
        expect(parsed.success, JSON.stringify(bad)).toBe(false);
        const top = field.path[0];
        expect(parsed.error!.issues[0].path[0]).toBe(top);
      }
      // One character over the maximum (for names: a longer key than allowed) is refused too.
      const tooLong = field.path.at(-1) === '*' ? 'A'.repeat(field.max! + 1) : 'a'.repeat(field.max! + 1);
      expect(schema.safeParse(inputWith(field, tooLong)).success).toBe(false);
    },
  );

  it('allows tab and newline only in multi-line fields', () => {
    const create = channels['tasks.create'].input;
    const base = validInputs['tasks.create'];
    expect(create.safeParse({ ...base, command: 'echo a\n\techo b\r\n' }).success).toBe(true);
    expect(create.safeParse({ ...base, description: 'one\ntwo\tthree' }).success).toBe(true);
    expect(create.safeParse({ ...base, env: { PEM: 'line1\nline2' } }).success).toBe(true);
    expect(create.safeParse({ ...base, name: 'one\ntwo' }).success).toBe(false);
    expect(create.safeParse({ ...base, name: 'one\ttwo' }).success).toBe(false);
    expect(create.safeParse({ ...base, command: 'echo a\rb' }).success).toBe(false); // a lone CR
  });

  it('checks env names and values in test runs too', () => {
    const testRun = channels['tasks.testRun'].input;
    expect(testRun.safeParse({ command: 'env', env: { GOOD_NAME: 'x' } }).success).toBe(true);
    for (const env of [
      { '1BAD': 'x' },
      { 'A-B': 'x' },
      { A: 'x\u0000' },
      { ['A'.repeat(TEXT_LIMITS.envName + 1)]: 'x' },
    ]) {
      const parsed = testRun.safeParse({ command: 'env', env });
      expect(parsed.success, JSON.stringify(env)).toBe(false);
      expect(parsed.error!.issues[0].path[0]).toBe('env');
    }
    const many = Object.fromEntries(
      Array.from({ length: TEXT_LIMITS.envCount + 1 }, (_, i) => [`V${i}`, '']),
    );
    expect(testRun.safeParse({ command: 'env', env: many }).success).toBe(false);
  });
});

describe('quoteInput', () => {
  it('quotes at most 100 characters, and shows control characters as escapes', () => {
    expect(quoteInput('x'.repeat(1_000_000)).length).toBeLessThanOrEqual(104);
    expect(quoteInput('a\u0000b\u001b\u0085')).toBe('"a\\u0000b\\u001b\\u0085"');
    expect(quoteInput('😀'.repeat(101))).toBe(`"${'😀'.repeat(100)}…"`);
  });
});
