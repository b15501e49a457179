// The chain sweep's statement (store/chain-gaps.ts) on a busy chained upstream: 100,000 upstream runs in the
// last 24 hours, each with its chain run, so the sweep reads them all and finds nothing to start (its worst
// case at start). `npx tsx bench/chain-sweep.bench.ts`; on PostgreSQL with
// CRONKEEPER_TEST_DATABASE_URL=postgres://… (a fresh database is created there and dropped after).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { parseInput } from '../src/main/core/boundary/dispatcher';
import { openCoreDatabase } from '../src/main/core/db/database';
import { TaskService } from '../src/main/core/services/task-service';
import { chainGaps } from '../src/main/core/store/chain-gaps';
import { rawRun } from '../src/main/core/store/sql';

const SERVER = process.env.CRONKEEPER_TEST_DATABASE_URL;
const RUNS = 100_000;
const DAY = 24 * 3_600_000;

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-bench-'));
  let url: string | undefined;
  if (SERVER) {
    const name = `ck_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: SERVER });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(SERVER);
    u.pathname = `/${name}`;
    url = u.toString();
  }
  const db = await openCoreDatabase(dir, undefined, url);
  try {
    const tasks = new TaskService(db, { now: () => Date.now() });
    const create = async (name: string, triggers?: object) =>
      (
        await tasks.create(
          parseInput('tasks.create', {
            name,
            command: 'true',
            cronExpression: '0 1 * * *',
            triggers,
          } as never),
        )
      ).id;
    const a = await create('upstream');
    const b = await create('downstream', { chains: [{ upstreamTaskId: a, condition: 'success' }] });
    const now = Date.now();
    await rawRun(db, 'UPDATE scheduled_tasks SET updated_at = ?', [now - 2 * DAY]);
    for (let i = 0; i < RUNS; i += 500) {
      const values: unknown[] = [];
      const rows: string[] = [];
      for (let j = i; j < i + 500; j++) {
        const t = now - DAY + 3_600_000 + j * 800;
        rows.push('(?, ?, ?, ?, ?, ?)', '(?, ?, ?, ?, ?, ?)');
        values.push(
          a,
          'success',
          'schedule',
          t,
          t + 100,
          t,
          b,
          'success',
          'chain',
          t + 200,
          t + 300,
          t + 200,
        );
      }
      await rawRun(
        db,
        `INSERT INTO task_executions (task_id, status, "trigger", start_time, end_time, created_at) VALUES ${rows.join(', ')}`,
        values,
      );
    }
    // Each chain run follows the upstream run inserted just before it.
    await rawRun(db, 'UPDATE task_executions SET upstream_execution_id = id - 1 WHERE task_id = ?', [b]);
    const times: number[] = [];
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      const gaps = await chainGaps(db, { since: now - DAY, until: now, shutdownMessage: 'x' });
      times.push(performance.now() - t0);
      if (gaps.length !== 0) throw new Error(`expected no gaps, found ${gaps.length}`);
    }
    times.sort((x, y) => x - y);
    console.log(
      `chain sweep over ${RUNS} upstream runs (${url ? 'PostgreSQL' : 'SQLite'}): median ${times[2].toFixed(1)} ms`,
    );
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
    if (SERVER && url) {
      const admin = new pg.Client({ connectionString: SERVER });
      await admin.connect();
      await admin.query(`DROP DATABASE ${new URL(url).pathname.slice(1)}`);
      await admin.end();
    }
  }
}

void main();
