// The editor's working copy of a task and its client-side checks (the schedule is checked by the core
// through schedule.preview; the core validates everything again on save).
import type { Task, TaskInput } from '../../../../shared/types';
import { formatExitCodeList, parseExitCodeList } from '../../../../shared/task-output';
import { TEXT_LIMITS } from '../../../../shared/text-limits';
import { coreText } from '../../i18n/core-text';
import type { Lang, T } from '../../i18n/i18n';
import { hasEventTriggers, NO_TRIGGERS, type TaskTriggers } from '../../../../shared/triggers';
import { checkTriggers, triggersToInput } from './trigger-draft';

export interface EnvRow {
  key: string;
  value: string;
}

// The host tag is edited as text: empty means "no tag" (null on the wire). The success exit codes too:
// "0, 1, 3-7".
export type Draft = Omit<
  TaskInput,
  'env' | 'hostTag' | 'outputEncoding' | 'successExitCodes' | 'triggers'
> & {
  envRows: EnvRow[];
  triggers: TaskTriggers;
  hostTag: string;
  outputEncoding: string;
  successExitCodes: string;
};

export type DraftField = keyof Draft;
export type FieldErrors = Partial<Record<DraftField, string>>;

export function emptyDraft(): Draft {
  return {
    name: '',
    description: '',
    command: '',
    workingDir: '',
    envRows: [],
    cronExpression: '0 9 * * *',
    timezone: '',
    enabled: true,
    paused: false,
    timeoutSeconds: 3600,
    maxRetries: 0,
    retryDelaySeconds: 60,
    overlapPolicy: 'skip',
    misfirePolicy: 'run-once',
    misfireGraceSeconds: 3600,
    notifyOn: 'failure',
    hostTag: '',
    outputEncoding: 'auto',
    successExitCodes: '0',
    tags: [],
    triggers: { ...NO_TRIGGERS, chains: [] },
  };
}

export function draftFromTask(task: Task): Draft {
  const { env, ...rest } = task;
  const draft = emptyDraft();
  for (const key of Object.keys(draft) as (keyof Draft)[]) {
    if (key !== 'envRows' && key in rest)
      (draft as Record<string, unknown>)[key] = rest[key as keyof typeof rest];
  }
  draft.envRows = Object.entries(env ?? {}).map(([key, value]) => ({ key, value }));
  draft.hostTag = task.hostTag ?? '';
  draft.outputEncoding = task.outputEncoding ?? 'auto';
  draft.successExitCodes = formatExitCodeList(task.successExitCodes);
  draft.triggers = { ...NO_TRIGGERS, ...(task.triggers ?? {}) };
  return draft;
}

export function envFromRows(rows: EnvRow[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const row of rows) if (row.key.trim()) env[row.key.trim()] = row.value;
  return env;
}

export function draftToInput(draft: Draft): TaskInput {
  const { envRows, ...rest } = draft;
  return {
    ...rest,
    name: rest.name.trim(),
    command: rest.command.trim(),
    cronExpression: rest.cronExpression.trim(),
    env: envFromRows(envRows),
    hostTag: rest.hostTag.trim() || null,
    successExitCodes: exitCodesOf(rest.successExitCodes),
    triggers: triggersToInput(rest.triggers),
  };
}

/** The draft's success exit codes; [0] when the text does not parse (checkDraft reports it). */
export function exitCodesOf(text: string): number[] {
  try {
    return parseExitCodeList(text);
  } catch {
    return [0];
  }
}

const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Checks that need no server. The schedule's error comes from the preview. */
export function checkDraft(draft: Draft, t: T, lang: Lang = 'en'): FieldErrors {
  const errors: FieldErrors = {};
  if (!draft.name.trim()) errors.name = t('editor.required');
  else if (draft.name.trim().length > TEXT_LIMITS.name)
    errors.name = t('editor.name.tooLong', { max: TEXT_LIMITS.name });
  if (!draft.command.trim()) errors.command = t('editor.required');
  if (!draft.cronExpression.trim() && !hasEventTriggers(draft.triggers))
    errors.cronExpression = t('editor.required');
  const triggerError = checkTriggers(draft.triggers, t, lang);
  if (triggerError) errors.triggers = triggerError;
  if (draft.hostTag.trim().length > 100) errors.hostTag = t('editor.hostTag.tooLong');
  const tagError = checkTags(draft.tags ?? [], t);
  if (tagError) errors.tags = tagError;
  try {
    parseExitCodeList(draft.successExitCodes);
  } catch (error) {
    errors.successExitCodes = coreText((error as Error).message, lang);
  }
  const seen = new Set<string>();
  for (const row of draft.envRows) {
    const key = row.key.trim();
    if (!key) continue;
    if (!ENV_KEY.test(key)) {
      errors.envRows = t('editor.env.badKey', { key });
      break;
    }
    if (seen.has(key)) {
      errors.envRows = t('editor.env.duplicate', { key });
      break;
    }
    seen.add(key);
  }
  return errors;
}

/** The rules of shared/task-tags.ts, in the user's language (the core checks them again on save). */
function checkTags(tags: string[], t: T): string | undefined {
  if (tags.length > 20) return t('editor.tags.tooMany');
  const seen = new Set<string>();
  for (const tag of tags) {
    if (tag.trim().length > 40) return t('editor.tags.tooLong', { tag: tag.slice(0, 40) + '…' });
    const key = tag.trim().normalize('NFC').toLowerCase();
    if (seen.has(key)) return t('editor.tags.duplicate', { tag: tag.trim() });
    seen.add(key);
  }
  return undefined;
}

/** Maps a core error's field (e.g. "cronExpression", "env.FOO", "timeoutSeconds") to an editor field. */
export function draftFieldOf(field: string | undefined): DraftField | undefined {
  if (!field) return undefined;
  const head = field.split(/[.[]/)[0];
  if (head === 'env') return 'envRows';
  if (head === 'triggers') return 'triggers';
  const known: DraftField[] = [
    'name',
    'description',
    'command',
    'workingDir',
    'cronExpression',
    'timezone',
    'timeoutSeconds',
    'maxRetries',
    'retryDelaySeconds',
    'overlapPolicy',
    'misfirePolicy',
    'misfireGraceSeconds',
    'notifyOn',
    'hostTag',
    'outputEncoding',
    'successExitCodes',
    'tags',
    'triggers',
  ];
  return (known as string[]).includes(head) ? (head as DraftField) : undefined;
}
