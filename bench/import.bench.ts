// Import benchmark: `npm run bench -- import`.
// Imports an export file of 100,000 tasks into a fresh data dir (target: at most 10 s), and refuses a
// file of 100,000 whose last task is bad (target: at most 2 s, naming the entry, writing nothing). The
// tasks vary like real ones: several schedules and time zones, env variables, descriptions.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { QueryTypes } from 'sequelize';
import { openCoreDatabase } from '../src/main/core/db/database';
import { EXPORT_FORMAT, EXPORT_VERSION, TaskService } from '../src/main/core/services/task-service';

const TASKS = Number(process.env.IMPORT_TASKS ?? 100_000);
const IMPORT_TARGET_MS = 10_000;
const REFUSE_TARGET_MS = 2_000;
const CRONS = ['*/5 * * * *', '0 3 * * *', '15 2 * * 1-5', '0 */2 * * *', '30 6 1 * *', '* * * * * *'];
const ZONES = ['', 'UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Shanghai'];

function exportFile(badLast: boolean): string {
  const tasks = Array.from({ length: TASKS }, (_, i) => ({
    name: `job ${i} ${i % 7 === 0 ? 'nightly backup' : 'sync'}`,
    description: i % 3 === 0 ? `Imported task number ${i}\nsecond line` : '',
    command: `/usr/local/bin/job --id ${i} --mode ${i % 4}`,
    cronExpression: CRONS[i % CRONS.length],
    timezone: ZONES[i % ZONES.length],
    env: i % 5 === 0 ? { JOB_ID: String(i), MODE: 'batch' } : {},
    enabled: i % 10 !== 0,
    timeoutSeconds: 600,
    maxRetries: i % 3,
  }));
  if (badLast) tasks[TASKS - 1].cronExpression = '61 * * * *';
  return JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_VERSION, tasks });
}

async function measure(json: string): Promise<{ ms: number; error: string | null; count: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-bench-import-'));
  const db = await openCoreDatabase(dataDir);
  try {
    const tasks = new TaskService(db);
    const start = performance.now();
    let error: string | null = null;
    try {
      await tasks.importJson(json);
    } catch (err) {
      error = (err as Error).message;
    }
    const ms = performance.now() - start;
    const [{ n }] = (await db.sequelize.query('SELECT COUNT(*) AS n FROM scheduled_tasks', {
      type: QueryTypes.SELECT,
    })) as { n: number }[];
    return { ms, error, count: Number(n) };
  } finally {
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const good = exportFile(false);
  const bad = exportFile(true);
  console.log(`export file: ${TASKS.toLocaleString('en-US')} tasks, ${(good.length / 1e6).toFixed(1)} MB`);
  const imported = await measure(good);
  if (imported.error || imported.count !== TASKS) throw new Error(`import failed: ${imported.error}`);
  const refused = await measure(bad);
  if (!refused.error || refused.count !== 0) throw new Error('the bad file was not refused whole');
  const pass = (ms: number, target: number) => (ms <= target ? 'PASS' : 'FAIL');
  console.log(
    `import ${TASKS.toLocaleString('en-US')} tasks:            ${(imported.ms / 1000).toFixed(2)} s ` +
      `(target <= ${IMPORT_TARGET_MS / 1000} s) ${pass(imported.ms, IMPORT_TARGET_MS)}`,
  );
  console.log(
    `refuse ${TASKS.toLocaleString('en-US')} with a bad last one: ${(refused.ms / 1000).toFixed(2)} s ` +
      `(target <= ${REFUSE_TARGET_MS / 1000} s) ${pass(refused.ms, REFUSE_TARGET_MS)}, nothing written`,
  );
  console.log(`  the error: ${refused.error}`);
  if (imported.ms > IMPORT_TARGET_MS || refused.ms > REFUSE_TARGET_MS) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
