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
    // Timing-based tests (clock jumps, live UI flows in Chromium) can lose a race on a loaded 2-core
    // machine; one retry keeps CI honest without masking a test that fails every time.
    retry: 1,
    reporters: ['default'],
  },
});
