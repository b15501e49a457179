import type { TaskTriggers } from './triggers';

// Data shapes shared by the core, the shell, the browser host and the renderer. Times are epoch
// milliseconds (UTC) everywhere: they sort, compare and index cheaply, and the UI formats them.

export const EXECUTION_STATUSES = [
  'queued',
  'running',
  'success',
  'failed',
  'timed_out',
  'cancelled',
  'interrupted',
  'skipped',
  'missed',
] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

/** Statuses that mean the execution is over and will not change again. */
export const FINAL_STATUSES: readonly ExecutionStatus[] = [
  'success',
  'failed',
  'timed_out',
  'cancelled',
  'interrupted',
  'skipped',
  'missed',
];
export const ACTIVE_STATUSES: readonly ExecutionStatus[] = ['queued', 'running'];

export const TRIGGERS = ['schedule', 'manual', 'retry', 'catch-up', 'chain', 'startup', 'file'] as const;
export type Trigger = (typeof TRIGGERS)[number];

export const OVERLAP_POLICIES = ['skip', 'queue', 'parallel', 'replace'] as const;
export type OverlapPolicy = (typeof OVERLAP_POLICIES)[number];

export const MISFIRE_POLICIES = ['skip', 'run-once', 'run-all'] as const;
export type MisfirePolicy = (typeof MISFIRE_POLICIES)[number];

export const NOTIFY_ON = ['never', 'failure', 'always', 'change'] as const;
export type NotifyOn = (typeof NOTIFY_ON)[number];

/** What a user supplies to create a task (and, partially, to edit one). */
export interface TaskInput {
  name: string;
  description: string;
  command: string;
  workingDir: string;
  env: Record<string, string>;
  cronExpression: string;
  timezone: string;
  enabled: boolean;
  paused: boolean;
  timeoutSeconds: number;
  maxRetries: number;
  retryDelaySeconds: number;
  overlapPolicy: OverlapPolicy;
  misfirePolicy: MisfirePolicy;
  misfireGraceSeconds: number;
  notifyOn: NotifyOn;
  /** Team mode (shared PostgreSQL): run only on schedulers with this host tag; null runs anywhere. */
  hostTag?: string | null;
  /** How the output is decoded: 'auto' (UTF-8, else the Windows code page), 'utf-8', 'gbk'… Default 'auto'. */
  outputEncoding?: string;
  /** Exit codes that count as success. Default [0]. */
  successExitCodes?: number[];
  /** Labels for finding the task (shared/task-tags.ts). Default none. */
  tags?: string[];
  /**
   * What else starts the task and its run conditions (shared/triggers.ts): chains, start-up, a watched
   * folder, power conditions, its webhook. Default none. A task with a chain, start-up or folder trigger
   * may have an empty cron expression (no schedule).
   */
  triggers?: TaskTriggers;
}

export interface Task extends TaskInput {
  id: number;
  nextRunAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/**
 * What a running job reports, by the ONE name each field has from the parser through the events to the
 * renderer. The result JSON stored in users' databases spells them differently (progress_percent...):
 * result-json.ts (the store) maps between the two, and nowhere else does.
 */
export interface Progress {
  progressPercent?: number;
  message?: string;
  currentStep?: number;
  totalSteps?: number;
  currentItem?: string;
}

export interface LatestExecution {
  id: number;
  status: ExecutionStatus;
  startTime: number | null;
  durationSeconds: number | null;
  progressPercent: number | null;
  message: string | null;
}

export interface TaskListItem extends Task {
  latest: LatestExecution | null;
}

export interface Execution {
  id: number;
  taskId: number;
  taskName?: string;
  status: ExecutionStatus;
  trigger: Trigger;
  scheduledAt: number | null;
  startTime: number | null;
  endTime: number | null;
  durationSeconds: number | null;
  exitCode: number | null;
  errorMessage: string | null;
  /** errorMessage's code in the message catalog (src/shared/messages) when it is a catalog message. */
  messageCode?: string;
  /** That message's parameters. */
  messageParams?: Record<string, string | number>;
  retryCount: number;
  pid: number | null;
  /** Since when a running execution is paused (its processes stopped); absent or null when it is not. */
  pausedAt?: number | null;
  /** A retry: the run it retried (absent when it is not a retry, or that run is gone). */
  retryOf?: number | null;
  /** A chain run: the upstream run whose end started it (absent otherwise, or when that run is gone). */
  upstreamExecutionId?: number | null;
  /** What started a triggered run (chain, start-up, file): e.g. the folder and how many files changed. */
  triggerDetail?: Record<string, unknown> | null;
  /** The chain runs this run started (executions.get only). */
  downstream?: { id: number; taskId: number; taskName: string | null; status: ExecutionStatus }[];
  /** The last webhook delivery for this run: delivered or not, why not, when (absent when none was sent). */
  webhook?: { ok: boolean; status: number | null; attempts: number; error: string | null; at: number } | null;
  /** The runs that retried this one (executions.get only; absent elsewhere). */
  retries?: { id: number; status: ExecutionStatus; retryCount: number }[];
  logPath: string | null;
  createdAt: number;
  /** The parsed result JSON ({} when none). */
  result: Record<string, unknown>;
  /** The progress fields of the result, by their one name (read from the result by the store). */
  progress: Progress;
}

export interface TaskStats {
  taskId: number | null;
  from: number | null;
  to: number | null;
  total: number;
  success: number;
  failed: number;
  running: number;
  successRate: number | null;
  avgDurationSeconds: number | null;
  p95DurationSeconds: number | null;
  latestRunAt: number | null;
}

export interface Settings {
  language: 'system' | 'en' | 'zh-CN';
  theme: 'system' | 'light' | 'dark';
  startAtLogin: boolean;
  concurrencyLimit: number;
  retentionDays: number;
  retentionRunsPerTask: number;
  logSizeCapBytes: number;
  defaultTimezone: string;
  notificationsEnabled: boolean;
  /** The webhook every task uses unless it sets its own or turns it off (issue #16); '' for none. */
  webhookUrl: string;
  webhookOn: 'failure' | 'success' | 'always';
  /** Signs the body (HMAC-SHA256, X-Cronkeeper-Signature header); '' for unsigned. */
  webhookSecret: string;
  /** The app runs jobs with the login shell's environment (PATH of Homebrew, nvm…); macOS and Linux. */
  useLoginShellEnvironment: boolean;
}

/** Whether the scheduler can use its database; a database fault makes it "degraded" until it answers again. */
export interface SchedulerHealth {
  health: 'ok' | 'degraded';
  /** While degraded: since when, and the database's error (one line, at most 300 characters). */
  degradedSince: number | null;
  degradedReason: string | null;
  /** The latest outage that ended (since this scheduler started), or null. */
  lastOutage: { from: number; to: number; reason: string } | null;
}

export interface SchedulerState extends SchedulerHealth {
  running: number;
  queued: number;
  nextRunAt: number | null;
  nextTaskId: number | null;
  pausedUntil: number | null;
  pausedAll: boolean;
}

export interface SchedulePreview {
  valid: boolean;
  error?: string;
  field?: string;
  nextRuns: number[];
  /** Daylight-saving notes for the previewed window: a skipped or doubled local time. */
  dstWarnings: string[];
}

/** Which database the running core uses, and the data folder's own setting (database.json). */
export interface DatabaseInfo {
  engine: 'sqlite' | 'postgres';
  /** The SQLite file's path, or host:port/dbname of the PostgreSQL server. */
  location: string;
  /** The URL in use without its password, or null for the embedded SQLite file. */
  url: string | null;
  /** Where the URL in use came from: --database-url, CRONKEEPER_DATABASE_URL, database.json, or none. */
  source: 'flag' | 'env' | 'file' | 'default';
  /** The URL saved in database.json (without its password), which the next start reads; null when none. */
  fileUrl: string | null;
  /** True when a flag or environment variable overrides database.json. */
  fileOverridden: boolean;
}
