// XDG_CONFIG_HOME on Linux: the XDG Base Directory spec says a relative value is invalid and must be
// ignored; Electron's app.setPath refuses a relative path, so using it left the app with no window.
import { expect, it } from 'vitest';
import { defaultDataDir } from '../../src/main/core/paths';

it('uses an absolute XDG_CONFIG_HOME and ignores a relative or empty one', () => {
  expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/u')).toBe('/cfg/Cronkeeper');
  expect(defaultDataDir('linux', { XDG_CONFIG_HOME: 'cfg' }, '/home/u')).toBe('/home/u/.config/Cronkeeper');
  expect(defaultDataDir('linux', { XDG_CONFIG_HOME: './x' }, '/home/u')).toBe('/home/u/.config/Cronkeeper');
  expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '' }, '/home/u')).toBe('/home/u/.config/Cronkeeper');
  expect(defaultDataDir('linux', {}, '/home/u')).toBe('/home/u/.config/Cronkeeper');
});
