// The view a page opens on is read at module load, before the bridge takes the browser host's token out of
// the URL: `#token=T#/history` must open (and start loading the chunk of) History, not the tasks view.
import { expect, it } from 'vitest';
import { openingRoute, parseHash } from '../../src/renderer/src/app/routes';

const TOKEN = 'a'.repeat(43);

it('finds the route after the token fragment', () => {
  expect(parseHash(`#token=${TOKEN}#/history`).view).toBe('tasks'); // what the page used to read
  expect(openingRoute(`#token=${TOKEN}#/history`).view).toBe('history');
  const route = openingRoute(`#token=${TOKEN}#/history?execution=42`);
  expect(route.view).toBe('history');
  expect(route.params.get('execution')).toBe('42');
  expect(openingRoute(`#token=${TOKEN}`).view).toBe('tasks');
  expect(openingRoute('#/settings').view).toBe('settings');
  expect(openingRoute('').view).toBe('tasks');
});
