// Runs before `npm start` and `npm run dev` (prestart / predev): makes sure the Electron binary is there.
//
// Why: since Electron 42 the `electron` package has no postinstall step. Its binary (about 100 MB) is
// fetched the first time something requires `electron`, which writes node_modules/electron/path.txt.
// electron-vite reads path.txt itself and only says "Electron uninstall" when it is missing. So we call
// Electron's own installer (node_modules/electron/install.js, which downloads through @electron/get into
// its cache and writes path.txt) once, before electron-vite needs it, and say plainly what went wrong when
// it cannot.
//
// Respects ELECTRON_SKIP_BINARY_DOWNLOAD (never downloads; explains what `npm start` needs instead) and
// ELECTRON_EXEC_PATH (an Electron executable the user supplies; electron-vite then uses it and never reads
// path.txt). Tests point CRONKEEPER_ELECTRON_DIR at a fake package whose install.js plays the download.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const say = (line) => process.stderr.write(`${line}\n`);

function electronDir() {
  if (process.env.CRONKEEPER_ELECTRON_DIR) return path.resolve(process.env.CRONKEEPER_ELECTRON_DIR);
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('electron/package.json'));
}

/** The executable electron-vite will start, if it exists: ELECTRON_EXEC_PATH, else dist/<path.txt>. */
export function installedBinary(dir, env = process.env) {
  if (env.ELECTRON_EXEC_PATH) return fs.existsSync(env.ELECTRON_EXEC_PATH) ? env.ELECTRON_EXEC_PATH : null;
  const pathFile = path.join(dir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const relative = fs.readFileSync(pathFile, 'utf8').trim();
  if (!relative) return null;
  const binary = path.join(dir, 'dist', relative);
  return fs.existsSync(binary) ? binary : null;
}

const isSet = (value) => value !== undefined && value !== '' && value !== '0' && value !== 'false';

export function ensureElectron(env = process.env) {
  let dir;
  try {
    dir = electronDir();
  } catch {
    say('cronkeeper: the `electron` package is not installed. Run `npm install` first.');
    return 1;
  }
  if (installedBinary(dir, env)) return 0;
  const version = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;

  if (isSet(env.ELECTRON_SKIP_BINARY_DOWNLOAD)) {
    say(
      [
        `cronkeeper: the Electron ${version} binary is not installed, and ELECTRON_SKIP_BINARY_DOWNLOAD is set,`,
        '  so it is not downloaded. The app needs it to open. Either unset ELECTRON_SKIP_BINARY_DOWNLOAD and run',
        '  the command again (it downloads Electron once, about 100 MB), or set ELECTRON_EXEC_PATH to an',
        '  Electron executable of the same version.',
        '  The scheduler alone runs without Electron: `npm run build && node out/main/cli.js serve`.',
      ].join('\n'),
    );
    return 1;
  }

  say(
    `cronkeeper: downloading Electron ${version} for ${process.platform}-${process.arch} (about 100 MB, once;` +
      ' kept in the Electron cache for later installs)...',
  );
  const installer = path.join(dir, 'install.js');
  const result = spawnSync(process.execPath, [installer], { stdio: 'inherit', env });
  if (result.status === 0 && installedBinary(dir, env)) {
    say(`cronkeeper: Electron ${version} is installed.`);
    return 0;
  }
  say(
    [
      '',
      `cronkeeper: could not install the Electron ${version} binary` +
        (result.error ? ` (${result.error.message})` : result.status !== 0 ? ` (the download failed)` : '') +
        '.',
      '  It is downloaded from GitHub (github.com/electron/electron/releases) on the first `npm start`.',
      '  - Offline: connect and run `npm start` again. Behind a proxy: set ELECTRON_GET_USE_PROXY=1 and',
      '    HTTPS_PROXY. GitHub blocked: set ELECTRON_MIRROR to a mirror you can reach.',
      `  - Or download electron-v${version}-${process.platform}-${process.arch}.zip yourself, unpack it and set`,
      '    ELECTRON_EXEC_PATH to the electron executable inside.',
      '  - The scheduler alone runs without Electron: `npm run build && node out/main/cli.js serve`.',
    ].join('\n'),
  );
  return 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(ensureElectron());
}
