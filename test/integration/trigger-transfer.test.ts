// Triggers through a JSON export and import (issue #16), on the real database: chains leave by upstream
// task NAME and come back as the new database's ids; the other triggers and conditions round-trip; an
// upstream that is neither in the file nor in the database, or links that make a cycle, refuse the whole
// import with a clear error; an old export without triggers still imports.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/main/core/db/database';
import { TaskService } from '../../src/main/core/services/task-service';
import { saveTriggers, triggersOf } from '../../src/main/core/store/triggers';
import { NO_TRIGGERS, type TaskTriggers } from '../../src/shared/triggers';
import { openTestDatabase } from './test-database';
import { ImportService } from '../../src/main/core/import/import-preview';
import { taskInputSchema } from '../../src/shared/contract';

const NOW = Date.UTC(2026, 0, 15, 10, 0, 0);
const dirs: string[] = [];
const dbs: Database[] = [];

async function open(): Promise<{ db: Database; tasks: TaskService }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-tt-'));
  dirs.push(dir);
  const db = await openTestDatabase(dir);
  dbs.push(db);
  return { db, tasks: new TaskService(db, { now: () => NOW }) };
}

afterEach(async () => {
  for (const db of dbs.splice(0)) await db.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const task = (name: string) => ({ name, command: 'echo hi', cronExpression: '0 3 * * *', timezone: 'UTC' });
/** Services receive validated input (the dispatcher parses it): as the channel does. */
const create = (svc: TaskService, name: string) => svc.create(taskInputSchema.parse(task(name)));

describe('triggers in export and import', () => {
  let source: { db: Database; tasks: TaskService };
  let report: TaskTriggers;
  beforeEach(async () => {
    source = await open();
    const importTask = await create(source.tasks, 'Import');
    await create(source.tasks, 'Plain');
    const reportTask = await create(source.tasks, 'Report');
    report = {
      ...NO_TRIGGERS,
      chains: [{ upstreamTaskId: importTask.id, condition: 'failure' }],
      onStartup: true,
      startupDelaySeconds: 30,
      watch: { folder: dirs[0], glob: '*.csv', debounceMs: 500 },
      onlyOnAc: true,
      stopOnBattery: true,
      keepAwake: true,
      webhookMode: 'custom',
      webhookUrl: 'https://hooks.example.com/x',
      webhookOn: 'always',
      webhookSecret: 's3cret',
    };
    await saveTriggers(source.db, reportTask.id, report);
  });

  it('exports chains by name and re-imports them as the new ids', async () => {
    const json = await source.tasks.exportJson({ includeSecrets: true });
    const doc = JSON.parse(json) as { tasks: { name: string; triggers?: unknown }[] };
    const byName = Object.fromEntries(doc.tasks.map((t) => [t.name, t]));
    expect(byName.Plain.triggers).toBeUndefined();
    expect(byName.Import.triggers).toBeUndefined();
    expect(byName.Report.triggers).toEqual({
      ...report,
      chains: [{ upstreamTask: 'Import', condition: 'failure' }],
    });

    const target = await open();
    // Ids differ in the new database: an unrelated task comes first.
    await create(target.tasks, 'Already here');
    expect(await target.tasks.importJson(json)).toMatchObject({ created: 3, unsupported: [] });
    const list = await target.tasks.list({ limit: 100 });
    const id = (name: string) => list.items.find((t) => t.name === name)!.id;
    const stored = await triggersOf(target.db, [id('Report'), id('Plain')]);
    expect(stored.get(id('Report'))).toEqual({
      ...report,
      chains: [{ upstreamTaskId: id('Import'), condition: 'failure' }],
    });
    expect(stored.get(id('Plain'))).toEqual(NO_TRIGGERS);
  });

  it('leaves a webhook secret out unless asked; the import keeps the URL and says to set it again', async () => {
    const json = await source.tasks.exportJson();
    expect(json).not.toContain('s3cret');
    const doc = JSON.parse(json) as { tasks: { name: string; triggers?: Record<string, unknown> }[] };
    expect(doc.tasks.find((t) => t.name === 'Report')!.triggers).toMatchObject({
      webhookMode: 'custom',
      webhookUrl: 'https://hooks.example.com/x',
      webhookSecret: null,
      webhookSecretOmitted: true,
    });
    const note = `the webhook secret of "Report" was not in the file: set it again in the task's webhook settings`;

    // The CLI's and the channel's import.
    const target = await open();
    const result = await target.tasks.importJson(json);
    expect(result).toMatchObject({ created: 3, unsupported: [], notes: [note] });
    const list = await target.tasks.list({ limit: 100 });
    const reportId = list.items.find((t) => t.name === 'Report')!.id;
    expect((await triggersOf(target.db, [reportId])).get(reportId)).toMatchObject({
      webhookMode: 'custom',
      webhookUrl: 'https://hooks.example.com/x',
      webhookOn: 'always',
      webhookSecret: null,
    });

    // The app's import dialog: a note in the preview, and in the result (after a rename too).
    const dialog = await open();
    await create(dialog.tasks, 'Report');
    const imports = new ImportService(dialog.db, { now: () => NOW, defaultZone: async () => 'UTC' });
    const preview = await imports.preview({ text: json, format: 'json' });
    expect(preview.notes).toEqual([{ line: null, text: 'Report', code: 'secret', reason: note }]);
    const clash = preview.items.find((i) => i.name === 'Report')!;
    const applied = await imports.apply({
      text: json,
      format: 'json',
      choices: [{ index: clash.index, action: 'rename', name: 'Report 2' }],
    });
    expect(applied.notes).toEqual([note.replace('"Report"', '"Report 2"')]);

    // Asked for (`cronkeeper export --include-secrets`): the secret goes with the task, and no note.
    const full = await source.tasks.exportJson({ includeSecrets: true });
    expect(full).toContain('s3cret');
    expect(full).not.toContain('webhookSecretOmitted');
    const again = await open();
    expect((await again.tasks.importJson(full)).notes).toBeUndefined();
  });

  it('resolves an upstream already in the database; refuses a missing one, importing nothing', async () => {
    const json = await source.tasks.exportJson();
    const doc = JSON.parse(json) as { tasks: { name: string }[] };
    const onlyReport = JSON.stringify({ ...doc, tasks: doc.tasks.filter((t) => t.name === 'Report') });

    const missing = await open();
    await expect(missing.tasks.importJson(onlyReport)).rejects.toThrow(
      /Task "Report" runs after "Import", which is neither in the file nor in Cronkeeper; nothing was imported/,
    );
    expect((await missing.tasks.list({ limit: 10 })).total).toBe(0);

    const present = await open();
    const upstream = await create(present.tasks, 'Import');
    await present.tasks.importJson(onlyReport);
    const list = await present.tasks.list({ limit: 10 });
    const reportId = list.items.find((t) => t.name === 'Report')!.id;
    expect((await triggersOf(present.db, [reportId])).get(reportId)?.chains).toEqual([
      { upstreamTaskId: upstream.id, condition: 'failure' },
    ]);
  });

  it('refuses chains that make a cycle, naming it', async () => {
    const doc = {
      format: 'cronkeeper-tasks',
      version: 1,
      tasks: [
        { ...task('A'), triggers: { chains: [{ upstreamTask: 'B', condition: 'success' }] } },
        { ...task('B'), triggers: { chains: [{ upstreamTask: 'A', condition: 'always' }] } },
      ],
    };
    const target = await open();
    await expect(target.tasks.importJson(JSON.stringify(doc))).rejects.toThrow(
      /The imported chains make a cycle: "(A|B)" → "(A|B)" → "\1"; nothing was imported/,
    );
    expect((await target.tasks.list({ limit: 10 })).total).toBe(0);
  });

  it('imports an old export without triggers, and refuses a malformed chain naming the task', async () => {
    const target = await open();
    const old = { format: 'cronkeeper-tasks', version: 1, tasks: [task('Old')] };
    expect(await target.tasks.importJson(JSON.stringify(old))).toMatchObject({ created: 1 });
    const bad = {
      ...old,
      tasks: [{ ...task('Bad'), triggers: { chains: [{ upstreamTaskId: 3, condition: 'success' }] } }],
    };
    await expect(target.tasks.importJson(JSON.stringify(bad))).rejects.toThrow(/Bad.*upstreamTask/);
  });
});
