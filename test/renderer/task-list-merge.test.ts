// A refetched list keeps the previous object of a task that did not change, so its row does not re-render;
// list fields (tags, success exit codes) arrive as new arrays and are compared by their items.
import { expect, it } from 'vitest';
import { mergeTaskItems } from '../../src/renderer/src/store/task-list-merge';
import { makeTask } from './fake-bridge';

it('keeps an unchanged task whose tags and exit codes are equal new arrays, and replaces a changed one', () => {
  const before = {
    1: makeTask(1, { tags: ['ops', 'db'], successExitCodes: [0, 1] }),
    2: makeTask(2, { tags: ['a'] }),
  };
  const merged = mergeTaskItems(before, [
    makeTask(1, { tags: ['ops', 'db'], successExitCodes: [0, 1] }),
    makeTask(2, { tags: ['a', 'b'] }),
  ]);
  expect(merged[1]).toBe(before[1]);
  expect(merged[2]).not.toBe(before[2]);
  expect(merged[2].tags).toEqual(['a', 'b']);
});
