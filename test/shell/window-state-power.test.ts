// Window bounds remembered and validated against the displays; power events reaching the scheduler.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { watchPower } from '../../src/main/shell/power';
import {
  loadWindowState,
  saveWindowState,
  usableBounds,
  windowStateFile,
} from '../../src/main/shell/window-state';

const screen = { x: 0, y: 0, width: 1920, height: 1080 };
const second = { x: 1920, y: 0, width: 1280, height: 1024 };

describe('window state', () => {
  it('round-trips through <dataDir>/window-state.json', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-'));
    try {
      const file = windowStateFile(dir);
      expect(file).toBe(path.join(dir, 'window-state.json'));
      expect(loadWindowState(file)).toEqual({ maximized: false, closeHintShown: false });
      const state = {
        bounds: { x: 10, y: 20, width: 1000, height: 700 },
        maximized: true,
        closeHintShown: true,
      };
      saveWindowState(file, state);
      expect(loadWindowState(file)).toEqual(state);
      fs.writeFileSync(file, '{not json');
      expect(loadWindowState(file)).toEqual({ maximized: false, closeHintShown: false });
      fs.writeFileSync(
        file,
        JSON.stringify({ bounds: { x: 'a', y: 0, width: 10, height: 10 }, maximized: 'yes' }),
      );
      expect(loadWindowState(file)).toEqual({ bounds: undefined, maximized: false, closeHintShown: false });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps bounds whose title bar is on a display', () => {
    expect(usableBounds({ x: 100, y: 100, width: 1000, height: 700 }, [screen])).toEqual({
      x: 100,
      y: 100,
      width: 1000,
      height: 700,
    });
    expect(usableBounds({ x: 2000, y: 50, width: 1000, height: 700 }, [screen, second])).toEqual({
      x: 2000,
      y: 50,
      width: 1000,
      height: 700,
    });
  });

  it('drops bounds on a display that is gone, or with the title bar off screen', () => {
    expect(usableBounds({ x: 2000, y: 50, width: 1000, height: 700 }, [screen])).toBeUndefined();
    expect(usableBounds({ x: 100, y: -300, width: 1000, height: 700 }, [screen])).toBeUndefined();
    expect(usableBounds({ x: 1880, y: 100, width: 1000, height: 700 }, [screen])).toBeUndefined();
    expect(usableBounds(undefined, [screen])).toBeUndefined();
  });

  it('clamps the size between the minimum and the largest display', () => {
    expect(usableBounds({ x: 0, y: 0, width: 100, height: 100 }, [screen])).toEqual({
      x: 0,
      y: 0,
      width: 760,
      height: 500,
    });
    expect(usableBounds({ x: 0, y: 0, width: 5000, height: 4000 }, [screen])).toEqual({
      x: 0,
      y: 0,
      width: 1920,
      height: 1080,
    });
  });
});

describe('power', () => {
  it('suspend and resume reach the scheduler; shutdown delays the OS and quits once', () => {
    const monitor = new EventEmitter();
    const targets = { suspend: vi.fn(), resume: vi.fn(), shutdown: vi.fn() };
    const stop = watchPower(monitor as never, targets);
    monitor.emit('suspend');
    monitor.emit('resume');
    const preventDefault = vi.fn();
    monitor.emit('shutdown', { preventDefault });
    monitor.emit('shutdown', { preventDefault });
    expect(targets.suspend).toHaveBeenCalledTimes(1);
    expect(targets.resume).toHaveBeenCalledTimes(1);
    expect(targets.shutdown).toHaveBeenCalledTimes(1);
    expect(preventDefault).toHaveBeenCalledTimes(2);
    stop();
    monitor.emit('suspend');
    expect(targets.suspend).toHaveBeenCalledTimes(1);
    expect(monitor.listenerCount('resume')).toBe(0);
  });
});
