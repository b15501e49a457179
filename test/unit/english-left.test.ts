// The gallery's check for English left on Chinese screens (test/e2e/english-left.ts) must not take a user's
// path apart: a temporary data folder whose random name reads like a zone ("ck-e2e-Qwerty") left ".db"
// on the Settings screen and failed the gallery about once in a hundred runs.
import { describe, expect, it } from 'vitest';
import { latinWordsIn, withoutUserData } from '../e2e/english-left';

describe('user data removed before looking for English', () => {
  it('removes a whole path, whatever its folder names look like', () => {
    for (const folder of ['ck-e2e-Qwerty', 'ck-e2e-q1W2e3', 'Europe', 'ck-e2e-Abcdef'])
      expect(latinWordsIn(withoutUserData(`内置 SQLite：/tmp/${folder}/cronkeeper.db`))).toEqual(['SQLite']);
  });

  it('removes zone names outside paths', () => {
    expect(latinWordsIn(withoutUserData('时区 Europe/Berlin，America/New_York（UTC）'))).toEqual([]);
  });
});
