// electron-builder cannot run here (no Electron binary, no network), so its config is checked against
// electron-builder's own JSON schema (app-builder-lib/scheme.json), and every file it names must exist.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
type Validate = ((data: unknown) => boolean) & { errors?: unknown[] | null };
const Ajv = require('ajv') as new (options: object) => { compile(schema: object): Validate };

const root = path.resolve(__dirname, '../..');
const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<
  string,
  unknown
>;
const schema = JSON.parse(
  fs.readFileSync(path.join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8'),
);
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

/** Whether any file matches a simple glob (`**` and `*` only), relative to the project root. */
function globExists(pattern: string): boolean {
  if (!pattern.includes('*')) return fs.existsSync(path.join(root, pattern));
  const parts = pattern.split('/');
  const start = path.join(
    root,
    ...parts.slice(
      0,
      parts.findIndex((part) => part.includes('*')),
    ),
  );
  const source = parts
    .map((part) => (part === '**' ? '.*' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')))
    .join('/');
  const regex = new RegExp(`^${source}$`);
  if (!fs.existsSync(start)) return false;
  const stack = [start];
  while (stack.length) {
    const dir = stack.pop() as string;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (regex.test(path.relative(root, full).split(path.sep).join('/'))) return true;
    }
  }
  return false;
}

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's schema", () => {
    const ok = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check bites: an unknown key or a wrong type is refused', () => {
    expect(validate({ ...config, bogusOption: true })).toBe(false);
    expect(validate({ ...config, npmRebuild: 'no' })).toBe(false);
  });

  it('has the app id, product name, targets, categories, and rebuilds sqlite3 for the target', () => {
    expect(config).toMatchObject({
      appId: 'app.cronkeeper.desktop',
      productName: 'Cronkeeper',
      // false would pack this machine's node_sqlite3.node into an installer for another OS or arch.
      npmRebuild: true,
      directories: { output: 'dist' },
      linux: { target: ['AppImage', 'deb'], category: 'Utility' },
      win: { target: ['nsis'] },
      mac: { target: ['dmg'], category: 'public.app-category.developer-tools' },
    });
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json']));
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.productName).toBe(config.productName);
    expect(pkg.scripts.dist).toContain('electron-builder --config electron-builder.yml');
  });

  it('names only files that exist (icons, resources, the sqlite3 binary to unpack)', () => {
    const named: string[] = [];
    for (const platform of ['linux', 'win', 'mac'] as const) {
      const icon = (config[platform] as { icon?: string }).icon;
      expect(icon).toBeTruthy();
      named.push(icon as string);
    }
    named.push(...(config.asarUnpack as string[]));
    named.push(...(config.files as string[]).filter((f) => !f.startsWith('out/')));
    named.push((config.directories as { buildResources: string }).buildResources);
    for (const file of named) expect(globExists(file), file).toBe(true);
    // The icons are real PNGs of the size electron-builder needs (512 px for mac/win conversion).
    const icon = fs.readFileSync(path.join(root, 'resources/icon.png'));
    expect([icon.readUInt32BE(16), icon.readUInt32BE(20)]).toEqual([512, 512]);
  });

  it('packs what the shell loads at run time: the built app and the tray icons', () => {
    expect(config.files).toContain('resources/**');
    expect(globExists('resources/tray/*.png')).toBe(true);
    expect(globExists('resources/**')).toBe(true);
    expect(globExists('resources/nope/*.png')).toBe(false);
  });

  it('hardens the packaged Electron binary with fuses, flipped by electron-builder before signing', async () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
    // The asar archive the last two rely on is not switched off.
    expect(config.asar).not.toBe(false);
    // What electron-builder 26 hands @electron/fuses for it: each fuse at its wire position.
    const { PlatformPackager } = require('app-builder-lib') as {
      PlatformPackager: {
        prototype: { generateFuseConfig(fuses: unknown): Promise<Record<string, unknown>> };
      };
    };
    const { FuseV1Options } = require('@electron/fuses') as { FuseV1Options: Record<string, number> };
    const wire = await PlatformPackager.prototype.generateFuseConfig.call({}, config.electronFuses);
    expect(wire).toMatchObject({
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    });
  });
});
