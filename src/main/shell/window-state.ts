// Remembers the window's size, position and maximized state in <dataDir>/window-state.json, and whether
// the "still running in the tray" hint was shown. Bounds are only reused when they are still visible on a
// connected display (a monitor may have been unplugged since).
import fs from 'node:fs';
import path from 'node:path';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds?: Rect;
  maximized: boolean;
  closeHintShown: boolean;
}

export const DEFAULT_SIZE = { width: 1200, height: 800 };
export const MIN_SIZE = { width: 760, height: 500 };
/** How much of the window must lie on a display for the saved position to be reused (its title bar). */
const MIN_VISIBLE = { width: 120, height: 40 };

export const windowStateFile = (dataDir: string) => path.join(dataDir, 'window-state.json');

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 1e6;

function parseRect(value: unknown): Rect | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { x, y, width, height } = value as Record<string, unknown>;
  if (!isInt(x) || !isInt(y) || !isInt(width) || !isInt(height)) return undefined;
  if (width <= 0 || height <= 0) return undefined;
  return { x, y, width, height };
}

export function loadWindowState(file: string): WindowState {
  try {
    const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    return {
      bounds: parseRect(raw.bounds),
      maximized: raw.maximized === true,
      closeHintShown: raw.closeHintShown === true,
    };
  } catch {
    return { maximized: false, closeHintShown: false };
  }
}

export function saveWindowState(file: string, state: WindowState): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(state, null, 2));
    fs.renameSync(tmp, file);
  } catch {
    // Losing the window position is not worth failing over.
  }
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * The saved bounds if they are still usable on the given displays' work areas, else undefined (the window
 * then opens centred at the default size). The size is clamped to the minimum and to the largest display.
 */
export function usableBounds(saved: Rect | undefined, workAreas: Rect[]): Rect | undefined {
  if (!saved || workAreas.length === 0) return undefined;
  const maxWidth = Math.max(...workAreas.map((a) => a.width));
  const maxHeight = Math.max(...workAreas.map((a) => a.height));
  const bounds = {
    x: saved.x,
    y: saved.y,
    width: Math.min(Math.max(saved.width, MIN_SIZE.width), maxWidth),
    height: Math.min(Math.max(saved.height, MIN_SIZE.height), maxHeight),
  };
  const titleBar = { x: bounds.x, y: bounds.y, width: bounds.width, height: MIN_VISIBLE.height };
  const visible = workAreas.some((area) => {
    const o = overlap(titleBar, area);
    return o.width >= MIN_VISIBLE.width && o.height >= MIN_VISIBLE.height;
  });
  return visible ? bounds : undefined;
}
