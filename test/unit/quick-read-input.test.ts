// The quick read path validates the reading commands' queries without the contract's schemas (zod is
// too heavy to load for them). It may refuse more than the schemas (the normal path then answers), but
// never accept what a schema refuses or would change: checked here against the schemas themselves.
import { expect, it } from 'vitest';
import { quickInputAccepted } from '../../src/main/cli/quick-read';
import { channels, type ChannelName } from '../../src/shared/contract';

const BIG = Number.MAX_SAFE_INTEGER;
const numbers = [-1, 0, 1, 2, 50, 999, 1000, 1001, 9999, 10_000, 10_001, 1.5, NaN, Infinity, BIG, BIG + 2];
const odd = [undefined, null, '5', true, [], {}];

function* inputs(channel: ChannelName): Generator<unknown> {
  yield* [undefined, null, 'x', [], {}];
  const values = [...numbers, ...odd];
  if (channel === 'tasks.list') {
    for (const limit of values) yield { limit, sort: 'name', order: 'asc' };
    for (const sort of ['name', 'created_at', 'bogus', 1, undefined]) yield { limit: 10, sort };
    for (const order of ['asc', 'desc', 'up', undefined, 0]) yield { order };
    const long = 'é'.repeat(200);
    for (const search of [
      'x',
      '',
      ' a b ',
      long,
      `${long}x`,
      'a\tb',
      'a\u0000',
      'esc\u001b[2J',
      'ok\u2028',
      7,
    ])
      yield { limit: 10, sort: 'name', search };
    for (const tag of [
      'backup',
      ' backup',
      'backup ',
      '',
      ' ',
      't'.repeat(40),
      't'.repeat(41),
      'a\tb',
      'Ünï 財務',
      7,
    ])
      yield { limit: 10, sort: 'name', tag };
    yield { limit: 10, bogus: 1 };
  }
  if (channel === 'executions.list') {
    for (const limit of values) yield { limit };
    for (const taskId of values) yield { taskId, limit: 5 };
    const lists = [[], ['failed'], ['failed', 'failed'], ['bogus'], 'failed', ['success', 1]];
    for (const status of lists) yield { status };
    for (const trigger of [[], ['manual', 'retry'], ['schedule', 'x'], 'manual']) yield { trigger };
    yield { status: Array(9).fill('failed') };
    yield { cursor: 'abc' };
    yield { limit: 5, from: 0 };
  }
  if (channel === 'tasks.get') {
    for (const id of values) yield { id };
    yield { id: 1, extra: true };
  }
}

it('accepts only what the contract accepts unchanged, and what the two commands send', () => {
  let accepted = 0;
  for (const channel of ['tasks.list', 'executions.list', 'tasks.get', 'tasks.delete'] as ChannelName[]) {
    for (const input of inputs(channel)) {
      if (!quickInputAccepted(channel, input)) continue;
      accepted++;
      const parsed = channels[channel].input.safeParse(input);
      expect(parsed.success, `${channel} ${JSON.stringify(input)}`).toBe(true);
      expect(parsed.data).toEqual(input);
    }
  }
  // What `task list` and `history` send is among the accepted.
  expect(quickInputAccepted('tasks.list', { limit: 10_000, sort: 'name', order: 'asc' })).toBe(true);
  expect(quickInputAccepted('tasks.list', { limit: 10_000, search: '日本 100%_' })).toBe(true);
  expect(quickInputAccepted('tasks.list', { limit: 10_000, tag: 'Ünï 財務' })).toBe(true);
  expect(quickInputAccepted('executions.list', { limit: 50, taskId: 3, status: ['failed'] })).toBe(true);
  expect(quickInputAccepted('tasks.get', { id: 3 })).toBe(true);
  expect(accepted).toBeGreaterThan(20);
});
