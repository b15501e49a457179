// What the import dialog shows before anything is written: the tasks a file (a Cronkeeper JSON export, a
// user crontab or a system crontab) would create, the lines or entries skipped and why, notes worth
// knowing, and each name that clashes with an existing task (or an earlier one in the file), with a free
// name to suggest. The apply call sends the same file back with the user's choice for each clash.

/** The largest file the app imports (the check is on bytes in the renderer, on characters in the core). */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;

export const IMPORT_FORMATS = ['auto', 'json', 'crontab', 'crontab-system'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
/** The format a preview was made in ('auto' resolved). */
export type ResolvedImportFormat = Exclude<ImportFormat, 'auto'>;

/** Why a line or an entry is not imported. */
export const IMPORT_SKIP_CODES = ['reboot', 'nickname', 'invalidLine', 'invalidTask'] as const;
export type ImportSkipCode = (typeof IMPORT_SKIP_CODES)[number];

/** Kinds of note on an imported line. */
export const IMPORT_NOTE_CODES = [
  'mail',
  'user',
  'timezone',
  'shell',
  'systemFormat',
  'fields',
  'other',
  'secret',
] as const;
export type ImportNoteCode = (typeof IMPORT_NOTE_CODES)[number];

export interface ImportPreviewItem {
  /** The item's position in `items`: what a choice refers to. */
  index: number;
  /** The crontab line (1-based), or null for a JSON entry. */
  line: number | null;
  /** The JSON entry's position (1-based), or null for a crontab line. */
  entry: number | null;
  name: string;
  cronExpression: string;
  command: string;
  /** '' = the default time zone. */
  timezone: string;
  /** 'existing': a task has this name already; 'file': an earlier item has it. */
  clash: 'existing' | 'file' | null;
  /** A free name for a clashing item ("backup (2)"). */
  suggestedName: string | null;
}

export interface ImportPreviewSkip {
  line: number | null;
  entry: number | null;
  /** The line as written (crontab), or the entry's name (JSON); bounded. */
  text: string;
  code: ImportSkipCode;
  /** The detail, in English (a schedule's error, a field's limit...). */
  reason: string;
}

export interface ImportPreviewNote {
  line: number | null;
  text: string;
  code: ImportNoteCode;
  reason: string;
}

export interface ImportPreview {
  format: ResolvedImportFormat;
  items: ImportPreviewItem[];
  skipped: ImportPreviewSkip[];
  notes: ImportPreviewNote[];
}

/** The user's choice for one item; an item without a choice is imported as previewed. */
export interface ImportChoice {
  index: number;
  action: 'skip' | 'rename';
  /** The new name (rename). */
  name?: string;
}
