#!/usr/bin/env node
// Draws Cronkeeper's icons (a clock face) and writes them as PNG files under resources/, with no image
// library: shapes are signed-distance functions, supersampled 4x4 per pixel for anti-aliasing, and the
// PNG is encoded by hand (RGBA, filter 0, deflated with zlib). Run `node scripts/make-icons.mjs` after a
// change; the generated files are committed so that builds and tests need not run it.
//   resources/icon.png                          512x512 application icon (electron-builder converts it)
//   resources/tray/tray-{idle,running,failed}.png      16x16, and @2x 32x32
//   resources/tray/tray-{...}Template.png              macOS template variants (black + alpha), and @2x
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

// ---- PNG encoding ----
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/** rgba: Uint8Array of size*size*4, straight (not premultiplied) alpha. */
export function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- shapes, in a unit square [0,1]^2 (distance < 0 means inside) ----
const circle = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) - r;
const ring = (cx, cy, r, width) => (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r) - width / 2;
function segment(ax, ay, bx, by, width) {
  return (x, y) => {
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(x - ax - t * dx, y - ay - t * dy) - width / 2;
  };
}
const union =
  (...shapes) =>
  (x, y) =>
    Math.min(...shapes.map((s) => s(x, y)));
const subtract = (a, b) => (x, y) => Math.max(a(x, y), -b(x, y));

/** layers: [{shape, color: [r,g,b,a]}], painted in order (source-over). */
function render(size, layers) {
  const out = new Uint8Array(size * size * 4);
  const samples = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (const { shape, color } of layers) {
        let covered = 0;
        for (let sy = 0; sy < samples; sy++) {
          for (let sx = 0; sx < samples; sx++) {
            const x = (px + (sx + 0.5) / samples) / size;
            const y = (py + (sy + 0.5) / samples) / size;
            if (shape(x, y) <= 0) covered++;
          }
        }
        const srcA = (covered / (samples * samples)) * (color[3] / 255);
        if (srcA === 0) continue;
        const outA = srcA + a * (1 - srcA);
        r = (color[0] * srcA + r * a * (1 - srcA)) / outA;
        g = (color[1] * srcA + g * a * (1 - srcA)) / outA;
        b = (color[2] * srcA + b * a * (1 - srcA)) / outA;
        a = outA;
      }
      const i = (py * size + px) * 4;
      out[i] = Math.round(r);
      out[i + 1] = Math.round(g);
      out[i + 2] = Math.round(b);
      out[i + 3] = Math.round(a * 255);
    }
  }
  return out;
}

// ---- the drawings ----
const INK = [30, 41, 59, 255];
const WHITE = [255, 255, 255, 255];
const BLUE = [37, 99, 235, 255];
const GREEN = [22, 163, 74, 255];
const RED = [220, 38, 38, 255];
const BLACK = [0, 0, 0, 255];

// Tray: a clock (ring + hands); "running" adds a filled dot badge, "failed" an exclamation badge,
// both at the bottom right, with a cut-out around the badge so that it reads in one colour (template).
const badgeCut = circle(0.76, 0.76, 0.3);
const clock = (cx, cy, r, stroke) =>
  union(
    ring(cx, cy, r, stroke),
    segment(cx, cy, cx, cy - r * 0.6, stroke),
    segment(cx, cy, cx + r * 0.45, cy, stroke),
  );
const trayClock = clock(0.46, 0.46, 0.36, 0.13);
const runningBadge = circle(0.76, 0.76, 0.2);
const failedBadge = union(segment(0.76, 0.56, 0.76, 0.8, 0.14), circle(0.76, 0.95, 0.075));

function trayLayers(kind, template) {
  const ink = template ? BLACK : INK;
  if (kind === 'idle') return [{ shape: trayClock, color: ink }];
  const badge = kind === 'running' ? runningBadge : failedBadge;
  const badgeColor = template ? BLACK : kind === 'running' ? GREEN : RED;
  return [
    { shape: subtract(trayClock, badgeCut), color: ink },
    { shape: badge, color: badgeColor },
  ];
}

function appIconLayers() {
  const tile = (x, y) => {
    // A rounded square.
    const half = 0.42;
    const radius = 0.18;
    const qx = Math.abs(x - 0.5) - (half - radius);
    const qy = Math.abs(y - 0.5) - (half - radius);
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
  };
  return [
    { shape: tile, color: BLUE },
    { shape: circle(0.5, 0.5, 0.29), color: WHITE },
    { shape: clock(0.5, 0.5, 0.23, 0.045), color: INK },
    { shape: circle(0.5, 0.5, 0.035), color: INK },
  ];
}

function write(relative, size, layers) {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, encodePng(size, render(size, layers)));
  console.log(`${relative} (${size}x${size})`);
}

write('resources/icon.png', 512, appIconLayers());
for (const kind of ['idle', 'running', 'failed']) {
  for (const template of [false, true]) {
    const name = `tray-${kind}${template ? 'Template' : ''}`;
    write(`resources/tray/${name}.png`, 16, trayLayers(kind, template));
    write(`resources/tray/${name}@2x.png`, 32, trayLayers(kind, template));
  }
}
