// The schemas' own words (contract.ts, triggers.ts, task-tags.ts, text-fields.ts). Where a schema says
// more than its check's kind ("Timeout is at most 7 days", "The file is empty"), its reason crosses as its
// own code, so that every language reads that reason and not a generic one ("必填", "不能大于 604800").
// Each English text is exactly the schema's message: zod-issue.ts reads the code back from it, and
// test/unit/messages-schema.test.ts fails on a schema message that has none. Plain data, like catalog.ts.
//
// `reason`: the English without the field's name, where the field is named beside it (the editor's list
// "Name: at most 200 characters", a form's error under its field); the schema's English names it.
// The Chinese of a reason about one field leaves the field out: it is shown after the field's name
// ("超时：最长 7 天", "--timeout: 最长 7 天"), or under the field in a form. The file's reasons are
// `sentence`s, the file being their subject: shown without the field (field-labels.ts showError), "文件为空"
// and "The file is empty", not "文件：文件为空" and "text: The file is empty".
import type { CatalogEntry } from './catalog-types';

/** The task's own fields (contract.ts taskInputSchema). */
const TASK = {
  'schema.nameRequired': { en: 'Name is required', zh: '必填', reason: 'required' },
  'schema.nameTooLong': {
    en: 'Name is at most {max} characters',
    zh: '最多 {max} 个字符',
    reason: 'at most {max} characters',
  },
  'schema.commandRequired': { en: 'Command is required', zh: '必填', reason: 'required' },
  'schema.commandTooLong': {
    en: 'Command is at most {max} characters',
    zh: '最多 {max} 个字符',
    reason: 'at most {max} characters',
  },
  'schema.scheduleTooLong': {
    en: 'Schedule is at most {max} characters',
    zh: '最多 {max} 个字符',
    reason: 'at most {max} characters',
  },
  'schema.timeoutMax': { en: 'Timeout is at most 7 days', zh: '最长 7 天', reason: 'at most 7 days' },
  'schema.retriesMax': { en: 'At most 10 retries', zh: '最多重试 10 次', reason: 'at most 10' },
  'schema.retryDelayMax': {
    en: 'Retry delay is at most 1 day',
    zh: '最长 1 天',
    reason: 'at most 1 day',
  },
  'schema.hostTagTooLong': {
    en: 'Host tag is at most {max} characters',
    zh: '最多 {max} 个字符',
    reason: 'at most {max} characters',
  },
  'schema.exitCodesNone': {
    en: 'At least one success exit code',
    zh: '至少需要一个成功退出码',
  },
  'schema.encodingTooLong': {
    en: 'Encoding is at most {max} characters',
    zh: '最多 {max} 个字符',
    reason: 'at most {max} characters',
  },
  'schema.encodingChars': {
    en: 'Encoding names use letters, digits, -, _, . and :',
    zh: '只能使用字母、数字以及 -、_、. 和 :',
    reason: 'letters, digits, -, _, . and : only',
  },
  'schema.envNameTooLong': {
    en: 'Variable names are at most {max} characters',
    zh: '变量名最多 {max} 个字符',
  },
  'schema.envCount': { en: 'At most {max} variables', zh: '最多 {max} 个变量' },
} as const satisfies Record<string, CatalogEntry>;

/** Tags (task-tags.ts). */
const TAGS = {
  'schema.tagEmpty': { en: 'A tag cannot be empty', zh: '不能为空' },
  'schema.tagTooLong': {
    en: 'A tag is at most {max} characters',
    zh: '最多 {max} 个字符',
  },
  'schema.tagControl': {
    en: 'A tag must not contain control characters (tab, newline, NUL, escape codes...)',
    zh: '不能包含控制字符（制表符、换行符、NUL、转义序列等）',
  },
  'schema.tagsTooMany': { en: 'At most {max} tags', zh: '最多 {max} 个标签' },
  'schema.tagTwice': {
    en: 'Tag "{tag}" appears twice (tags ignore case)',
    zh: '“{tag}”出现了两次（标签不区分大小写）',
  },
} as const satisfies Record<string, CatalogEntry>;

/** Triggers, conditions and the webhook (triggers.ts). */
const TRIGGER_FIELDS = {
  'schema.webhookTooLong': {
    en: 'Webhook URL is at most {max} characters',
    zh: '最多 {max} 个字符',
    reason: 'at most {max} characters',
  },
  'schema.webhookControl': {
    en: 'Webhook URL must not contain control characters',
    zh: '不能包含控制字符',
    reason: 'must not contain control characters',
  },
  'schema.webhookScheme': {
    en: 'Webhook URL must be an http:// or https:// URL',
    zh: '必须是以 http:// 或 https:// 开头的 URL',
    reason: 'must be an http:// or https:// URL',
  },
  'schema.webhookMissing': { en: 'Enter the webhook URL', zh: '请输入 Webhook URL' },
  'schema.chainsTooMany': {
    en: 'At most {max} upstream tasks',
    zh: '最多 {max} 个',
  },
  'schema.chainTwice': {
    en: 'Each upstream task may appear once',
    zh: '每个任务只能出现一次',
  },
  'schema.startupDelayNegative': {
    en: 'Start-up delay cannot be negative',
    zh: '不能为负数',
    reason: 'cannot be negative',
  },
  'schema.startupDelayMax': {
    en: 'Start-up delay is at most a day (86400 s)',
    zh: '最长一天（86400 秒）',
    reason: 'at most a day (86400 s)',
  },
  'schema.watchFolderMissing': {
    en: 'Choose the folder to watch',
    zh: '请选择一个文件夹',
  },
  'schema.quietMin': {
    en: 'Quiet period is at least {min} ms',
    zh: '至少 {min} 毫秒',
    reason: 'at least {min} ms',
  },
  'schema.quietMax': {
    en: 'Quiet period is at most 10 minutes',
    zh: '最长 10 分钟',
    reason: 'at most 10 minutes',
  },
} as const satisfies Record<string, CatalogEntry>;

/** An import file as the dialog sends it, and a test run's id (contract.ts). */
const FILES = {
  'schema.fileEmpty': { en: 'The file is empty', zh: '文件为空', sentence: true },
  'schema.fileTooLarge': {
    en: 'The file is larger than {size} MB',
    zh: '文件大于 {size} MB',
    sentence: true,
  },
  'schema.fileBinary': {
    en: 'The file contains control characters: it is not a text file (a binary file?)',
    zh: '文件包含控制字符：它不是文本文件（是二进制文件吗？）',
    sentence: true,
  },
  'schema.testRunIdTooLong': {
    en: 'A test run id is at most {max} characters',
    zh: '最多 {max} 个字符',
    reason: 'at most {max} characters',
  },
  'schema.testRunIdChars': {
    en: 'A test run id is letters, digits, - or _',
    zh: '只能使用字母、数字、- 或 _',
    reason: 'letters, digits, - or _ only',
  },
} as const satisfies Record<string, CatalogEntry>;

export const SCHEMA_REASONS = { ...TASK, ...TAGS, ...TRIGGER_FIELDS, ...FILES } as const;
