// The one contract between the renderer and the core. Every channel has a name, a zod schema for its
// single argument object, and a result type. The Electron main process registers handlers by looping
// over `channels`; the preload generates named methods from `channelNames`; the browser host serves the
// same channels over a WebSocket. Inputs are validated at runtime on the receiving side. Every text field
// has a maximum length and refuses control characters (text-fields.ts, TEXT_LIMITS).
import { z } from 'zod';
import {
  EXECUTION_STATUSES,
  MISFIRE_POLICIES,
  NOTIFY_ON,
  OVERLAP_POLICIES,
  TRIGGERS,
  type DatabaseInfo,
  type Execution,
  type Progress,
  type SchedulePreview,
  type SchedulerState,
  type Settings,
  type Task,
  type TaskInput,
  type TaskListItem,
  type TaskStats,
} from './types';
import {
  envSchema,
  CLEAN_LINE,
  CLEAN_TEXT,
  MULTI_LINE_MESSAGE,
  multiLine,
  SINGLE_LINE_MESSAGE,
  singleLine,
  TEXT_LIMITS,
} from './text-fields';
import { tagSchema, tagsSchema } from './task-tags';
import { taskTriggersSchema, TRIGGER_LIMITS, WEBHOOK_ON, webhookUrlSchema } from './triggers';
import {
  IMPORT_FORMATS,
  IMPORT_MAX_BYTES,
  type ImportChoice,
  type ImportFormat,
  type ImportPreview,
  type ResolvedImportFormat,
} from './import-preview';

const id = z.number().int().positive();
const epochMs = z.number().int().nonnegative();
const empty = z.object({}).strict();
const outputEncodingSchema = z
  .string()
  .trim()
  .min(1)
  .max(40, 'Encoding is at most 40 characters')
  .regex(/^[A-Za-z0-9_.:-]+$/, 'Encoding names use letters, digits, -, _, . and :');

export const taskInputSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'Name is required')
      .max(TEXT_LIMITS.name, `Name is at most ${TEXT_LIMITS.name} characters`)
      .regex(CLEAN_LINE, SINGLE_LINE_MESSAGE),
    description: multiLine(TEXT_LIMITS.description).default(''),
    command: z
      .string()
      .trim()
      .min(1, 'Command is required')
      .max(
        TEXT_LIMITS.command,
        `Command is at most ${TEXT_LIMITS.command.toLocaleString('en-US')} characters`,
      )
      .regex(CLEAN_TEXT, MULTI_LINE_MESSAGE),
    workingDir: singleLine(TEXT_LIMITS.workingDir).default(''),
    env: envSchema.default({}),
    /**
     * Empty only when a chain, start-up or folder trigger starts the task: the task service checks that
     * (services/task-triggers.ts checkSchedule), since it needs the task's stored triggers on an update.
     */
    cronExpression: z
      .string()
      .trim()
      .max(TEXT_LIMITS.cronExpression, `Schedule is at most ${TEXT_LIMITS.cronExpression} characters`)
      .regex(CLEAN_LINE, SINGLE_LINE_MESSAGE),
    timezone: singleLine(TEXT_LIMITS.timezone).default(''),
    enabled: z.boolean().default(true),
    paused: z.boolean().default(false),
    timeoutSeconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 3600, 'Timeout is at most 7 days')
      .default(3600),
    maxRetries: z.number().int().min(0).max(10, 'At most 10 retries').default(0),
    retryDelaySeconds: z
      .number()
      .int()
      .min(0)
      .max(24 * 3600, 'Retry delay is at most 1 day')
      .default(60),
    overlapPolicy: z.enum(OVERLAP_POLICIES).default('skip'),
    misfirePolicy: z.enum(MISFIRE_POLICIES).default('run-once'),
    misfireGraceSeconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 3600)
      .default(3600),
    notifyOn: z.enum(NOTIFY_ON).default('failure'),
    /** Team mode: only schedulers carrying this tag run the task; null (or "") runs it anywhere. */
    hostTag: z
      .string()
      .trim()
      .max(TEXT_LIMITS.hostTag, `Host tag is at most ${TEXT_LIMITS.hostTag} characters`)
      .regex(CLEAN_LINE, SINGLE_LINE_MESSAGE)
      .nullable()
      .optional(),
    /** The core checks that it names an encoding it can decode. */
    outputEncoding: outputEncodingSchema.optional(),
    successExitCodes: z
      .array(z.number().int().min(-2_147_483_648).max(4_294_967_295))
      .min(1, 'At least one success exit code')
      .max(64, 'At most 64 success exit codes')
      .optional(),
    /** Labels for finding tasks (task-tags.ts): at most 20, each at most 40 characters, unique ignoring case. */
    tags: tagsSchema.optional(),
    /** Chains, start-up and folder triggers, power conditions and the webhook (shared/triggers.ts). */
    triggers: taskTriggersSchema.optional(),
  })
  .strict();

type WithoutDefaults<T extends z.ZodRawShape> = {
  [K in keyof T]: T[K] extends z.ZodDefault<infer Inner> ? Inner : T[K];
};

/** The shape with every `.default()` removed: zod 4 applies defaults even to `.partial()` fields. */
function withoutDefaults<T extends z.ZodRawShape>(shape: T): WithoutDefaults<T> {
  return Object.fromEntries(
    Object.entries(shape).map(([key, schema]) => [
      key,
      schema instanceof z.ZodDefault ? schema.unwrap() : schema,
    ]),
  ) as WithoutDefaults<T>;
}

// A patch names only the fields it changes. Built without the defaults, or every edit would reset the
// fields it does not name (description, time zone, retries...) to their defaults.
export const taskPatchSchema = z.object(withoutDefaults(taskInputSchema.shape)).partial().strict();

export const TASK_SORT_FIELDS = ['name', 'created_at', 'updated_at', 'next_run_at', 'latest_start'] as const;

export const taskListQuerySchema = z
  .object({
    search: singleLine(TEXT_LIMITS.search).optional(),
    enabled: z.boolean().optional(),
    paused: z.boolean().optional(),
    latestStatus: z.enum(EXECUTION_STATUSES).optional(),
    /** Only tasks carrying this tag (ignoring case). */
    tag: tagSchema.optional(),
    sort: z.enum(TASK_SORT_FIELDS).optional(),
    order: z.enum(['asc', 'desc']).optional(),
    offset: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();

export const historyQuerySchema = z
  .object({
    taskId: id.optional(),
    status: z.array(z.enum(EXECUTION_STATUSES)).max(EXECUTION_STATUSES.length).optional(),
    trigger: z.array(z.enum(TRIGGERS)).max(TRIGGERS.length).optional(),
    from: epochMs.optional(),
    to: epochMs.optional(),
    /** Opaque cursor from a previous page's nextCursor. */
    cursor: singleLine(TEXT_LIMITS.cursor).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  })
  .strict();

export const settingsSchema = z
  .object({
    language: z.enum(['system', 'en', 'zh-CN']),
    theme: z.enum(['system', 'light', 'dark']),
    startAtLogin: z.boolean(),
    concurrencyLimit: z.number().int().min(1).max(64),
    retentionDays: z.number().int().min(0).max(3650),
    retentionRunsPerTask: z.number().int().min(0).max(1_000_000),
    logSizeCapBytes: z
      .number()
      .int()
      .min(64 * 1024)
      .max(1024 * 1024 * 1024),
    defaultTimezone: singleLine(TEXT_LIMITS.timezone),
    notificationsEnabled: z.boolean(),
    useLoginShellEnvironment: z.boolean(),
    /** The default webhook (issue #16): '' for none, else an http(s) URL. */
    webhookUrl: z.union([z.literal(''), webhookUrlSchema]),
    webhookOn: z.enum(WEBHOOK_ON),
    webhookSecret: singleLine(TRIGGER_LIMITS.secret),
  })
  .strict();

function parsesAsUrl(text: string): boolean {
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}

/** A shared database URL: postgres:// or postgresql:// with a host. */
export const databaseUrlSchema = z
  .string()
  .trim()
  .max(TEXT_LIMITS.databaseUrl, `The URL is at most ${TEXT_LIMITS.databaseUrl} characters`)
  .regex(CLEAN_LINE, SINGLE_LINE_MESSAGE)
  .refine((url) => /^postgres(ql)?:\/\/[^\s/]/i.test(url) && parsesAsUrl(url), {
    message: 'Use a postgres:// or postgresql:// URL, e.g. postgres://user:password@host:5432/cronkeeper',
  });

export interface HistoryPage {
  items: Execution[];
  nextCursor: string | null;
}

export interface LogChunk {
  text: string;
  /** Byte offset of the first byte of `text` in the log file. */
  start: number;
  /** Byte offset just past the last byte of `text`. */
  end: number;
  size: number;
  /** Line numbers (0-based, within `text`) that match the search, when one was given. */
  matches?: number[];
}

/** One task's row in the dashboard's "Next 24 hours". */
export interface UpcomingTask {
  taskId: number;
  taskName: string;
  /** The task's zone ('' = the scheduler's), for showing its times as the task sees them. */
  timezone: string;
  /** Its first runs in the window, ascending (a bounded number). */
  runs: number[];
  /** More runs follow than `runs` lists: drawn as a band from the first run to the window's end. */
  band: boolean;
  /** A band's typical interval between runs. */
  intervalMs: number | null;
}

export interface UpcomingTimeline {
  /** The tasks with the soonest runs, soonest first, up to a limit. */
  tasks: UpcomingTask[];
  /** Tasks with runs in the window beyond the limit. */
  more: number;
}

export interface DashboardData {
  running: Execution[];
  upcoming: { taskId: number; taskName: string; at: number }[];
  timeline: UpcomingTimeline;
  days: { day: string; success: number; failed: number }[];
  successRate7d: number | null;
  successRate30d: number | null;
  failures7d: number;
  failures30d: number;
  durationTrend: { taskId: number; taskName: string; points: { at: number; seconds: number }[] }[];
  recentFailures: Execution[];
}

/** Why a test run's command could not start (or the shell could not start it: exit 127 / 126). */
export const START_PROBLEMS = [
  'folderMissing',
  'notAFolder',
  'folderDenied',
  'commandNotFound',
  'permissionDenied',
  'spawnFailed',
] as const;
export type StartProblemReason = (typeof START_PROBLEMS)[number];

export interface StartProblem {
  reason: StartProblemReason;
  /** The folder or program concerned, or (spawnFailed) the system's own words. */
  detail: string;
}

export interface TestRunResult {
  status: 'success' | 'failed' | 'timed_out' | 'cancelled';
  exitCode: number | null;
  durationSeconds: number;
  /** The end of the output, without the progress protocol's `::progress` / `::result` lines. */
  output: string;
  errorMessage: string | null;
  /** The PATH the command ran with (the login shell's, when the app uses it). */
  path?: string;
  /** Set when the command could not start, saying why. */
  startProblem?: StartProblem | null;
  /** The last progress the command reported (null: none). */
  progressPercent?: number | null;
  progressMessage?: string | null;
}

/** A test run's id, chosen by the caller so that it can follow (events) and cancel the run. */
export const testRunIdSchema = z
  .string()
  .max(64, 'A test run id is at most 64 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'A test run id is letters, digits, - or _');

export interface ImportResult {
  created: number;
  names: string[];
  unsupported: string[];
  /** What the user should know about the imported tasks (a webhook secret to set again). */
  notes?: string[];
}

/** What tasks.bulk does to every task it is given. */
export const BULK_ACTIONS = ['enable', 'disable', 'pause', 'resume', 'run', 'delete'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];
/** The most ids one tasks.bulk call takes (a longer selection is sent in several calls). */
export const BULK_MAX_IDS = 1000;

/** A bulk action's outcome: the tasks it was done to, and each one it could not do, with why. */
export interface BulkResult {
  action: BulkAction;
  done: number[];
  failed: { id: number; name: string | null; code: string; message: string }[];
  /** delete: the executions removed with the tasks. */
  deletedExecutions?: number;
}

/** One tag in use, with how many tasks carry it (for the list's tag filter). */
export interface TagCount {
  tag: string;
  count: number;
}
/** An import file's text as the dialog sends it: bounded, and text (a binary file has control characters). */
const importTextSchema = z
  .string()
  .min(1, 'The file is empty')
  .max(IMPORT_MAX_BYTES, `The file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB`)
  .regex(CLEAN_TEXT, 'The file contains control characters: it is not a text file (a binary file?)');

const importChoiceSchema = z
  .object({
    index: z.number().int().min(0).max(10_000_000),
    action: z.enum(['skip', 'rename']),
    name: taskInputSchema.shape.name.optional(),
  })
  .strict();

/** Declares one channel: its argument schema and (as a phantom type) its result. */
function channel<S extends z.ZodType, R>(input: S): { input: S; result?: R } {
  return { input };
}

export const channels = {
  'tasks.list': channel<typeof taskListQuerySchema, { items: TaskListItem[]; total: number }>(
    taskListQuerySchema,
  ),
  'tasks.get': channel<z.ZodObject<{ id: typeof id }>, Task>(z.object({ id }).strict()),
  'tasks.create': channel<typeof taskInputSchema, Task>(taskInputSchema),
  'tasks.update': channel<z.ZodType<{ id: number; patch: z.infer<typeof taskPatchSchema> }>, Task>(
    z.object({ id, patch: taskPatchSchema }).strict(),
  ),
  'tasks.delete': channel<z.ZodObject<{ id: typeof id }>, { deletedExecutions: number }>(
    z.object({ id }).strict(),
  ),
  'tasks.executionCount': channel<z.ZodObject<{ id: typeof id }>, { count: number }>(
    z.object({ id }).strict(),
  ),
  'tasks.duplicate': channel<z.ZodObject<{ id: typeof id }>, Task>(z.object({ id }).strict()),
  'tasks.setEnabled': channel<z.ZodType<{ id: number; enabled: boolean }>, Task>(
    z.object({ id, enabled: z.boolean() }).strict(),
  ),
  'tasks.setPaused': channel<z.ZodType<{ id: number; paused: boolean }>, Task>(
    z.object({ id, paused: z.boolean() }).strict(),
  ),
  /** One action on many tasks in one call: a few statements, not one round trip per task (task-bulk.ts). */
  'tasks.bulk': channel<z.ZodType<{ ids: number[]; action: BulkAction }>, BulkResult>(
    z.object({ ids: z.array(id).min(1).max(BULK_MAX_IDS), action: z.enum(BULK_ACTIONS) }).strict(),
  ),
  /** Every tag in use, ordered ignoring case, with its number of tasks. */
  'tasks.tags': channel<typeof empty, { tags: TagCount[] }>(empty),
  'tasks.runNow': channel<z.ZodObject<{ id: typeof id }>, { executionId: number }>(z.object({ id }).strict()),
  'tasks.testRun': channel<
    z.ZodType<{
      command: string;
      workingDir?: string;
      env?: Record<string, string>;
      timeoutSeconds?: number;
      outputEncoding?: string;
      successExitCodes?: number[];
      runId?: string;
    }>,
    TestRunResult
  >(
    z
      .object({
        /** Set to receive testRun.output / testRun.progress events and to cancel with tasks.testRunCancel. */
        runId: testRunIdSchema.optional(),
        command: taskInputSchema.shape.command,
        workingDir: singleLine(TEXT_LIMITS.workingDir).optional(),
        env: envSchema.optional(),
        timeoutSeconds: z.number().int().min(1).max(600).optional(),
        outputEncoding: outputEncodingSchema.optional(),
        successExitCodes: z.array(z.number().int().min(-2_147_483_648).max(4_294_967_295)).max(64).optional(),
      })
      .strict(),
  ),
  /** Stops a test run started with this runId; false when none is going. */
  'tasks.testRunCancel': channel<z.ZodType<{ runId: string }>, { cancelled: boolean }>(
    z.object({ runId: testRunIdSchema }).strict(),
  ),
  /** Every task as JSON; a task's own webhook secret only with includeSecrets (the CLI's --include-secrets). */
  'tasks.export': channel<z.ZodType<{ includeSecrets?: boolean }>, { json: string }>(
    z.object({ includeSecrets: z.boolean().optional() }).strict(),
  ),
  'tasks.import': channel<z.ZodType<{ json: string }>, ImportResult>(
    z.object({ json: z.string().min(2).max(50_000_000) }).strict(), // checked field by field on import
  ),
  /** What importing a file would do (a JSON export or a crontab); writes nothing. */
  'tasks.importPreview': channel<z.ZodType<{ text: string; format: ImportFormat }>, ImportPreview>(
    z.object({ text: importTextSchema, format: z.enum(IMPORT_FORMATS) }).strict(),
  ),
  /** Imports the previewed file with a choice per name clash: all or nothing. */
  'tasks.importApply': channel<
    z.ZodType<{ text: string; format: ResolvedImportFormat; choices: ImportChoice[] }>,
    ImportResult
  >(
    z
      .object({
        text: importTextSchema,
        format: z.enum(IMPORT_FORMATS).exclude(['auto']),
        choices: z.array(importChoiceSchema).max(1_000_000),
      })
      .strict(),
  ),
  'executions.list': channel<typeof historyQuerySchema, HistoryPage>(historyQuerySchema),
  'executions.get': channel<z.ZodObject<{ id: typeof id }>, Execution>(z.object({ id }).strict()),
  'executions.cancel': channel<z.ZodObject<{ id: typeof id }>, { cancelled: boolean }>(
    z.object({ id }).strict(),
  ),
  'executions.pause': channel<z.ZodObject<{ id: typeof id }>, { paused: boolean }>(z.object({ id }).strict()),
  'executions.resume': channel<z.ZodObject<{ id: typeof id }>, { resumed: boolean }>(
    z.object({ id }).strict(),
  ),
  'executions.rerun': channel<z.ZodObject<{ id: typeof id }>, { executionId: number }>(
    z.object({ id }).strict(),
  ),
  'executions.log': channel<
    z.ZodType<{ id: number; before?: number; maxBytes?: number; search?: string }>,
    LogChunk
  >(
    z
      .object({
        id,
        /** Read the chunk that ends at this byte offset (default: the end of the file, i.e. the tail). */
        before: z.number().int().min(0).optional(),
        maxBytes: z
          .number()
          .int()
          .min(1)
          .max(4 * 1024 * 1024)
          .optional(),
        search: singleLine(TEXT_LIMITS.search).optional(),
      })
      .strict(),
  ),
  'stats.get': channel<z.ZodType<{ taskId?: number; from?: number; to?: number }>, TaskStats>(
    z.object({ taskId: id.optional(), from: epochMs.optional(), to: epochMs.optional() }).strict(),
  ),
  'stats.dashboard': channel<typeof empty, DashboardData>(empty),
  'schedule.preview': channel<
    z.ZodType<{ cronExpression: string; timezone?: string; count?: number }>,
    SchedulePreview
  >(
    z
      .object({
        cronExpression: singleLine(TEXT_LIMITS.cronExpression),
        timezone: singleLine(TEXT_LIMITS.timezone).optional(),
        count: z.number().int().min(1).max(100).optional(),
      })
      .strict(),
  ),
  'scheduler.state': channel<typeof empty, SchedulerState>(empty),
  'scheduler.pauseAll': channel<z.ZodType<{ minutes?: number }>, SchedulerState>(
    z
      .object({
        minutes: z
          .number()
          .int()
          .min(1)
          .max(7 * 24 * 60)
          .optional(),
      })
      .strict(),
  ),
  'scheduler.resumeAll': channel<typeof empty, SchedulerState>(empty),
  'settings.get': channel<typeof empty, Settings>(empty),
  'settings.update': channel<z.ZodType<Partial<Settings>>, Settings>(settingsSchema.partial().strict()),
  'database.get': channel<typeof empty, DatabaseInfo>(empty),
  /** Saves (or, with null, removes) the data folder's database.json; it takes effect at the next start. */
  'database.set': channel<z.ZodType<{ url: string | null }>, DatabaseInfo>(
    z.object({ url: databaseUrlSchema.nullable() }).strict(),
  ),
  'dialog.pickFolder': channel<z.ZodType<{ defaultPath?: string }>, { path: string | null }>(
    z.object({ defaultPath: singleLine(TEXT_LIMITS.path).optional() }).strict(),
  ),
  'app.ready': channel<typeof empty, { ok: true }>(empty),
  /** Where the application log is, and what this platform's desktop cannot do (shown in Settings). */
  'app.info': channel<typeof empty, AppInfo>(empty),
  /** Opens the log folder in the file manager (the desktop app); elsewhere only answers its path. */
  'app.openLogFolder': channel<typeof empty, { opened: boolean; path: string }>(empty),
} as const;

/**
 * What the desktop cannot do here, for Settings to say: an unsigned macOS build gets no notifications and
 * no login item; a Linux desktop without a tray host (stock GNOME) shows no tray icon.
 */
export type DesktopLimit = 'unsignedMacNotifications' | 'unsignedMacLoginItem' | 'noTray';

export interface AppInfo {
  /** The folder holding cronkeeper.log (and the per-run logs). */
  logFolder: string;
  /** False in the browser UI: a web page cannot open a folder, so Settings shows the path. */
  canOpenFolders: boolean;
  limits: DesktopLimit[];
}

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export const channelNames = Object.keys(channels) as ChannelName[];

export type ChannelInput<K extends ChannelName> = z.input<Channels[K]['input']>;
export type ChannelParsedInput<K extends ChannelName> = z.output<Channels[K]['input']>;
export type ChannelResult<K extends ChannelName> = NonNullable<Channels[K]['result']>;

/** What a transport serves: one async function per channel, taking the validated input. */
export type Handlers = { [K in ChannelName]: (input: ChannelParsedInput<K>) => Promise<ChannelResult<K>> };

/** What the renderer calls: one async function per channel, taking the raw input. */
export type Api = { [K in ChannelName]: (input: ChannelInput<K>) => Promise<ChannelResult<K>> };

/** Push events from the core to every window. */
export interface EventMap {
  'execution.started': { execution: Execution };
  /** Every Progress field by its one name (null: not reported), and the estimated time left. */
  'execution.progress': { executionId: number; taskId: number; etaSeconds: number | null } & {
    [K in keyof Progress]-?: NonNullable<Progress[K]> | null;
  };
  'execution.finished': { execution: Execution; taskName: string; previousStatus: string | null };
  /** A running execution was paused or resumed: `execution.pausedAt` says which. */
  'execution.pauseChanged': { execution: Execution };
  'task.changed': { taskId: number; deleted: boolean };
  /** A file trigger's folder is watched again, or is missing (the warning shown on the task). */
  'task.watchStatus': { taskId: number; state: 'watching' | 'missing'; message: string | null };
  /** A run's webhook was delivered, or gave up after its retries. */
  'execution.webhook': { executionId: number; ok: boolean; error: string | null; at: number };
  'scheduler.state': SchedulerState;
  /** A test run's output as it comes (protocol lines left out); `reset`: earlier output was skipped. */
  'testRun.output': { runId: string; text: string; reset: boolean };
  /** A test run's progress (`::progress` lines), at most 10 a second. */
  'testRun.progress': { runId: string; progressPercent: number | null; message: string | null };
  /** From the Electron shell, not the core: a notification or the tray asks the UI to show this execution. */
  'ui.openExecution': { executionId: number; taskId: number | null };
}
export type EventName = keyof EventMap;
export const eventNames: EventName[] = [
  'execution.started',
  'execution.progress',
  'execution.finished',
  'execution.pauseChanged',
  'task.changed',
  'task.watchStatus',
  'execution.webhook',
  'scheduler.state',
  'testRun.output',
  'testRun.progress',
  'ui.openExecution',
];

/** What the preload exposes as `window.cronkeeper`: one method per channel, named by the channel, and `on`. */
export type CronkeeperBridge = Api & {
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
};

/** How errors cross every boundary. */
export interface WireError {
  code: string;
  /** English, always: old clients and logs read this. */
  message: string;
  field?: string;
  /** The message's code in the shared catalog (src/shared/messages), when it is a catalog message. */
  messageCode?: string;
  /** The catalog message's parameters. */
  params?: Record<string, string | number>;
}

/** IPC channel names used by the Electron transport. */
export const IPC_PREFIX = 'cronkeeper:';
export const IPC_EVENT_CHANNEL = 'cronkeeper:event';

export type { Task, TaskInput };
