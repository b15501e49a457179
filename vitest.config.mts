import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// One run covers the core (real SQLite files, real child processes), the shell (electron mocked),
// renderer components (jsdom, chosen per file with `@vitest-environment jsdom`) and end-to-end tests in
// real headless Chromium. Forks, not threads: tests spawn and signal real processes.
export default defineConfig({
  plugins: [react()],
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
