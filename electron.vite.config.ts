import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      // Runtime dependencies (sequelize, sqlite3, cron, ...) stay in node_modules; everything else is bundled.
      externalizeDeps: true,
      rollupOptions: {
        input: {
          // The Electron shell's entry point.
          index: resolve(__dirname, 'src/main/index.ts'),
          // The headless CLI (`cronkeeper serve`, `cronkeeper task ...`), run with plain Node.
          cli: resolve(__dirname, 'src/main/cli/index.ts'),
          // The run helper (a small process that starts the runs' commands), beside the two above.
          spawner: resolve(__dirname, 'src/main/core/runner/spawner/helper-main.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require node_modules: bundle everything it uses.
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      // electron-vite leaves the renderer unminified by default: 4.1 MB of script to parse at every start.
      minify: true,
      // CK_SOURCEMAP=1 adds source maps, to see which modules fill a chunk (the first script must stay small).
      sourcemap: !!process.env.CK_SOURCEMAP,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
    plugins: [react()],
  },
});
