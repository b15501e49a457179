// The built CLI in team mode (runs when CRONKEEPER_TEST_DATABASE_URL is set): two "machines" (two data
// folders) share one PostgreSQL database through --database-url. A task added on one is listed on the
// other; `task run --wait` on one is handed to the `serve` of the other, which carries the task's host tag.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Task } from '../../src/shared/types';
import { createPostgresDatabase, onPostgres } from '../integration/test-database';
import { cli, ensureBuilt, ServeProcess, tempDir } from './cli-harness';

vi.setConfig({ testTimeout: 90_000 });

const serves: ServeProcess[] = [];
afterEach(async () => {
  for (const s of serves.splice(0)) {
    s.kill('SIGKILL');
    await s.exited;
  }
});

describe.skipIf(!onPostgres)('team mode from the command line', () => {
  beforeAll(() => ensureBuilt(), 180_000);

  it('shares tasks across data folders and hands a pinned run to the serve that carries the tag', async () => {
    const url = await createPostgresDatabase();
    const [here, there] = [tempDir(), tempDir()];
    const db = ['--database-url', url];
    const added = await cli(here, [
      ...db,
      'task',
      'add',
      '--name',
      'pinned',
      '--cron',
      '0 0 1 1 *',
      '--command',
      'echo from-$CK_WHERE',
      '--host-tag',
      'box',
    ]);
    expect(added.code).toBe(0);
    const listed = await cli(there, [...db, 'task', 'list', '--json']);
    expect(listed.code).toBe(0);
    const [task] = JSON.parse(listed.stdout) as Task[];
    expect(task).toMatchObject({ name: 'pinned', hostTag: 'box' });

    const s = new ServeProcess(there, [...db, '--host-tag', 'box'], { CK_WHERE: 'there' });
    serves.push(s);
    await s.waitFor(/serving .* stop with Ctrl-C or SIGTERM$/, 30_000);
    const run = await cli(here, [...db, 'task', 'run', String(task.id), '--wait']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/pinned success/);
    const history = await cli(here, [...db, 'history', '--json']);
    const [execution] = JSON.parse(history.stdout) as { status: string; logPath: string }[];
    expect(execution.status).toBe('success');
    expect(execution.logPath.startsWith(there)).toBe(true); // run by the other machine's serve
  });

  it('refuses a database URL that is not PostgreSQL, with exit 2', async () => {
    const result = await cli(tempDir(), ['--database-url', 'mysql://x/y', 'task', 'list']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--database-url must be a postgres/);
  });
});
