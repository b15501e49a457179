// The app's import: a preview that writes nothing, then an apply that writes all or nothing.
// - preview: the file's candidates (import-source.ts) each checked by the rules of every import
//   (task-import.ts, the same as creating a task); a bad entry is listed as skipped with why, and a name
//   taken by an existing task or an earlier item is a clash with a free name suggested ("backup (2)").
// - apply: the same file again with the user's choice per clash (skip or rename). It rebuilds the preview
//   (the tasks may have changed meanwhile), refuses an unresolved clash naming the line or entry, and
//   inserts the rest in one transaction: on any error nothing is written.
import { enText } from '../../../shared/messages';
import { renameRefused } from './rename-refusal';
import { saveImportedTriggers, secretLeftOutNames, secretLeftOutNote } from './trigger-transfer';
import { UniqueConstraintError } from 'sequelize';
import { taskInputSchema, type ImportResult } from '../../../shared/contract';
import type {
  ImportChoice,
  ImportFormat,
  ImportPreview,
  ImportPreviewItem,
  ImportPreviewNote,
  ImportPreviewSkip,
  ResolvedImportFormat,
} from '../../../shared/import-preview';
import { quoteInput, TEXT_LIMITS } from '../../../shared/text-fields';
import type { TaskInput } from '../../../shared/types';
import type { Database } from '../db/database';
import { CronkeeperError, conflict } from '../errors';
import {
  entryLabel,
  importChecks,
  insertImportedTasks,
  validateImportEntries,
} from '../services/task-import';
import { takenTaskNames } from '../store/import-names';
import { parseImportSource, shown, type SourceOptions } from './import-source';

/** Rows per INSERT (as task-import.ts); a failing batch is named by its first and last task. */
const BATCH = 500;

export interface ImportSource {
  text: string;
  format: ImportFormat;
}

export interface ImportServiceOptions extends SourceOptions {
  now: () => number;
  /** The default time zone (the settings), read once per file. */
  defaultZone: () => Promise<string>;
}

interface Built extends ImportPreview {
  /** The checked task of each item. */
  tasks: TaskInput[];
  unsupportedFields: string[];
  /** The existing names, lower case. */
  taken: Set<string>;
}

/** "line 7 "backup"" or "task 3 "backup"": how errors and notes name an item. */
function label(item: { line: number | null; entry: number | null }, name: string): string {
  const where = item.line !== null ? `Line ${item.line}` : `Task ${item.entry ?? '?'}`;
  return `${where} ${quoteInput(name)}`;
}

/** "name (2)", "name (3)"...: the first not in `used` (lower case), within the name limit. */
export function freeName(base: string, used: Set<string>): string {
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const name =
      Array.from(base)
        .slice(0, TEXT_LIMITS.name - suffix.length)
        .join('') + suffix;
    if (!used.has(name.toLowerCase())) return name;
  }
}

export class ImportService {
  constructor(
    private readonly db: Database,
    private readonly options: ImportServiceOptions,
  ) {}

  async preview(source: ImportSource): Promise<ImportPreview> {
    const built = await this.build(source, await takenTaskNames(this.db));
    return { format: built.format, items: built.items, skipped: built.skipped, notes: built.notes };
  }

  async apply(
    source: ImportSource & { format: ResolvedImportFormat; choices: ImportChoice[] },
  ): Promise<ImportResult> {
    const built = await this.build(source, await takenTaskNames(this.db));
    const chosen = new Map<number, ImportChoice>();
    for (const choice of source.choices) {
      if (!built.items[choice.index])
        throw new CronkeeperError(
          'VALIDATION',
          `There is no item ${choice.index + 1} to choose for; preview again`,
        );
      if (chosen.has(choice.index))
        throw new CronkeeperError('VALIDATION', `Item ${choice.index + 1} has two choices`);
      chosen.set(choice.index, choice);
    }
    const { final, labels } = this.resolve(built, chosen);
    const now = this.options.now();
    await this.db.sequelize.transaction(async (transaction) => {
      // Read again inside the transaction: a task created since the preview is a clash too.
      const taken = await takenTaskNames(this.db, transaction);
      final.forEach((task, i) => {
        if (taken.has(task.name.toLowerCase())) throw clashError(labels[i], task.name, false);
      });
      for (let start = 0; start < final.length; start += BATCH) {
        const batch = final.slice(start, start + BATCH);
        try {
          await insertImportedTasks(this.db, batch, now, transaction);
        } catch (err) {
          const last = Math.min(start + BATCH, final.length) - 1;
          const which = start === last ? labels[start] : `${labels[start]} to ${labels[last]}`;
          // The driver's own words (a trigger, a constraint, a lost connection) say why.
          const detail = (err as { parent?: Error }).parent?.message ?? (err as Error).message;
          throw new CronkeeperError(
            err instanceof UniqueConstraintError ? 'CONFLICT' : 'INTERNAL',
            `${which}: could not be written (${detail}); nothing was imported`,
          );
        }
      }
      await saveImportedTriggers(this.db, final, transaction);
    });
    const secretNote = secretLeftOutNote(final);
    return {
      created: final.length,
      names: final.map((t) => t.name),
      unsupported: built.unsupportedFields,
      ...(secretNote ? { notes: [secretNote] } : {}),
    };
  }

  /** The tasks to write after the choices, each with its label; an unresolved clash refuses them all. */
  private resolve(built: Built, chosen: Map<number, ImportChoice>): { final: TaskInput[]; labels: string[] } {
    const final: TaskInput[] = [];
    const labels: string[] = [];
    const names = new Set<string>();
    for (const item of built.items) {
      const choice = chosen.get(item.index);
      if (choice?.action === 'skip') continue;
      let name = item.name;
      if (choice?.action === 'rename') {
        const parsed = taskInputSchema.shape.name.safeParse(choice.name ?? '');
        // One sentence of the catalog, so that the whole message reads in the user's language.
        if (!parsed.success) throw renameRefused(label(item, item.name), parsed.error.issues[0]);
        name = parsed.data;
      } else if (item.clash) {
        throw clashError(label(item, item.name), item.name, item.clash === 'file');
      }
      const folded = name.toLowerCase();
      if (built.taken.has(folded)) throw clashError(label(item, item.name), name, false);
      if (names.has(folded)) throw clashError(label(item, item.name), name, true);
      names.add(folded);
      final.push({ ...built.tasks[item.index], name });
      labels.push(label(item, name));
    }
    if (final.length === 0)
      throw new CronkeeperError('VALIDATION', 'Nothing to import: every task is skipped');
    return { final, labels };
  }

  private async build(source: ImportSource, taken: Set<string>): Promise<Built> {
    const parsed = parseImportSource(source.text, source.format, this.options);
    const zone = await this.options.defaultZone();
    // One memo for the whole file: a file has a few schedules and zones for many tasks.
    const checks = importChecks(zone);
    const items: ImportPreviewItem[] = [];
    const tasks: TaskInput[] = [];
    const skipped: ImportPreviewSkip[] = [...parsed.skipped];
    const notes: ImportPreviewNote[] = [...parsed.notes];
    const fields = new Set<string>();
    const inFile = new Set<string>();
    for (const candidate of parsed.candidates) {
      let task: TaskInput;
      try {
        const checked = validateImportEntries([candidate.input], zone, checks);
        task = checked.tasks[0];
        for (const field of checked.unsupported) fields.add(field);
      } catch (err) {
        if (!(err instanceof CronkeeperError)) throw err;
        const prefix = entryLabel(0, candidate.input);
        const name = (candidate.input as { name?: unknown } | null)?.name;
        skipped.push({
          line: candidate.line,
          entry: candidate.entry,
          text: typeof name === 'string' ? shown(name) : '',
          code: 'invalidTask',
          reason: err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message,
        });
        continue;
      }
      const folded = task.name.toLowerCase();
      const clash = taken.has(folded) ? 'existing' : inFile.has(folded) ? 'file' : null;
      inFile.add(folded);
      items.push({
        index: items.length,
        line: candidate.line,
        entry: candidate.entry,
        name: task.name,
        cronExpression: task.cronExpression,
        command: task.command,
        timezone: task.timezone,
        clash,
        suggestedName: null,
      });
      tasks.push(task);
    }
    // Suggestions avoid the existing names, every name in the file, and each other.
    const used = new Set([...taken, ...inFile]);
    for (const item of items) {
      if (!item.clash) continue;
      item.suggestedName = freeName(item.name, used);
      used.add(item.suggestedName.toLowerCase());
    }
    if (fields.size > 0)
      notes.push({
        line: null,
        text: [...fields].sort().join(', '),
        code: 'fields',
        reason: `unknown fields ignored: ${[...fields].sort().join(', ')}`,
      });
    const secretNote = secretLeftOutNote(tasks);
    if (secretNote) {
      const names = secretLeftOutNames(tasks).join(', ');
      notes.push({ line: null, text: shown(names), code: 'secret', reason: secretNote });
    }
    skipped.sort((a, b) => (a.line ?? a.entry ?? 0) - (b.line ?? b.entry ?? 0));
    notes.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    return {
      format: parsed.format,
      items,
      skipped,
      notes,
      tasks,
      unsupportedFields: [...fields].sort(),
      taken,
    };
  }
}

function clashError(where: string, name: string, inFile: boolean): CronkeeperError {
  // A catalog message: the user reads it in their language (the label too: "Line 3 "x"").
  const code = inFile ? 'import.clashInFile' : 'import.clash';
  return conflict(enText(code, { where, name: quoteInput(name) }), 'name');
}
