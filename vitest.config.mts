import react from '@vitejs/plugin-react';
import os from 'node:os';
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
    // Vitest's default on 2 CPUs is one worker. Most test time is waiting on timers, child processes and
    // PostgreSQL rather than CPU, so two files at a time finish a CI run about 40% sooner (measured on 2
    // cores) with every timing assertion still holding.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Timing-based tests (clock jumps, live UI flows in Chromium) can lose a race on a loaded 2-core
    // machine; one retry keeps CI honest without masking a test that fails every time.
    retry: 1,
    // expect.poll waits for a condition (focus after an animation, a row after a push event): Vitest's
    // default of 1 s is shorter than an antd animation takes on a loaded 2-core machine.
    expect: { poll: { timeout: 10_000 } },
    reporters: ['default'],
  },
});
