// The catalog's errors: what a request is refused with. INPUT is the reason of a validation failure as the
// contract's schemas find it (the field travels beside it, in WireError.field, and is named in the user's
// language by field-labels.ts); the other groups are the English texts the core throws, exactly as it
// throws them, so that recognize() reads the code back (test/unit/messages-source-scan.test.ts checks
// every thrown literal). Plain data, like catalog.ts.
import type { CatalogEntry } from './catalog-types';

/** A validation reason (zod's checks, by kind): the same code whatever the schema's own English says. */
export const INPUT = {
  'input.required': { en: 'is required', zh: '必填' },
  'input.tooLong': { en: 'at most {max} characters', zh: '最多 {max} 个字符' },
  'input.tooShort': { en: 'at least {min} characters', zh: '至少 {min} 个字符' },
  'input.tooLarge': { en: 'must be at most {max}', zh: '不能大于 {max}' },
  'input.tooSmall': { en: 'must be at least {min}', zh: '不能小于 {min}' },
  'input.notBelow': { en: 'must be less than {max}', zh: '必须小于 {max}' },
  'input.notAbove': { en: 'must be greater than {min}', zh: '必须大于 {min}' },
  'input.tooMany': { en: 'at most {max} items', zh: '最多 {max} 项' },
  'input.tooFew': { en: 'at least {min} items', zh: '至少 {min} 项' },
  'input.notText': { en: 'must be text', zh: '必须是文本' },
  'input.notNumber': { en: 'must be a number', zh: '必须是数字' },
  'input.notInteger': { en: 'must be a whole number', zh: '必须是整数' },
  'input.notBoolean': { en: 'must be true or false', zh: '必须是 true 或 false' },
  'input.notList': { en: 'must be a list', zh: '必须是列表' },
  'input.notObject': { en: 'must be an object', zh: '必须是对象' },
  'input.oneOf': { en: 'must be one of {values}', zh: '必须是以下之一：{values}' },
  'input.unknownKeys': { en: 'unknown fields: {keys}', zh: '未知字段：{keys}' },
  'input.invalid': { en: 'is not valid', zh: '无效' },
} as const satisfies Record<string, CatalogEntry>;

/** The schemas' own words where a kind alone says too little (text-fields.ts): read back from the text. */
const SCHEMA = {
  'valid.envName': { en: 'Variable names use letters, digits and _', zh: '变量名只能使用字母、数字和 _' },
} as const satisfies Record<string, CatalogEntry>;

/** Windows' cmd.exe limits (runner/windows-command.ts). */
const WINDOWS = {
  'cmd.tooLong': {
    en: 'The command is {length} characters long; cmd.exe on Windows accepts at most {max}. Put it in a .cmd or .ps1 file and run that.',
    zh: '命令长 {length} 个字符；Windows 上的 cmd.exe 最多接受 {max} 个。请把它放进 .cmd 或 .ps1 文件再运行该文件。',
  },
  'cmd.multiLine': {
    en: 'The command has several lines; cmd.exe runs only the first. Join them with & or put them in a .cmd file.',
    zh: '命令有多行；cmd.exe 只运行第一行。请用 & 连接它们，或把它们放进 .cmd 文件。',
  },
} as const satisfies Record<string, CatalogEntry>;

/** A task's success exit codes as typed ("0, 1, 3-7": shared/task-output.ts). */
const EXIT_CODES = {
  'exitCodes.notCode': {
    en: '"{part}" is not an exit code (use numbers like 0, 1 or 0-7)',
    zh: '“{part}”不是退出码（请用 0、1 或 0-7 这样的数字）',
  },
  'exitCodes.badRange': { en: '"{part}" is not a usable range', zh: '“{part}”不是可用的范围' },
  'exitCodes.none': { en: 'At least one success exit code is needed', zh: '至少需要一个成功退出码' },
  'exitCodes.tooMany': { en: 'At most {max} success exit codes', zh: '成功退出码最多 {max} 个' },
} as const satisfies Record<string, CatalogEntry>;

/** The shared-database setting (database-setting.ts, the contract's URL schema). */
const DATABASE = {
  'db.fileUrl': {
    en: '{file}: "url" must be a postgres:// or postgresql:// URL',
    zh: '{file}：“url”必须是 postgres:// 或 postgresql:// URL',
  },
  'db.useUrl': {
    en: 'Use a postgres:// or postgresql:// URL',
    zh: '请使用 postgres:// 或 postgresql:// URL',
  },
  'db.useUrlExample': {
    en: 'Use a postgres:// or postgresql:// URL, e.g. postgres://user:password@host:5432/cronkeeper',
    zh: '请使用 postgres:// 或 postgresql:// URL，例如 postgres://user:password@host:5432/cronkeeper',
  },
  'db.urlTooLong': { en: 'The URL is at most {max} characters', zh: 'URL 最多 {max} 个字符' },
} as const satisfies Record<string, CatalogEntry>;

/** Importing tasks: the file, the preview's choices, name clashes, chains. */
const IMPORTING = {
  'label.line': { en: 'Line {line} {qname}', zh: '第 {line} 行 {qname}' },
  'label.entry': { en: 'Task {entry}', zh: '第 {entry} 个任务' },
  'label.task': { en: 'Task {entry} {qname}', zh: '第 {entry} 个任务 {qname}' },
  'label.range': { en: '{from} to {to}', zh: '{from} 至 {to}', nested: ['from', 'to'] },
  'import.clash': {
    en: '{where}: a task named {name} already exists; skip or rename it. Nothing was imported',
    zh: '{where}：名为 {name} 的任务已存在；请跳过或重命名。未导入任何任务',
    nested: ['where'],
  },
  'import.clashInFile': {
    en: '{where}: the name {name} is used twice in this import; skip or rename it. Nothing was imported',
    zh: '{where}：名称 {name} 在此次导入中出现两次；请跳过或重命名。未导入任何任务',
    nested: ['where'],
  },
  'import.renameTooLong': {
    en: '{where}: the new name is longer than {max} characters; nothing was imported',
    zh: '{where}：新名称超过 {max} 个字符；未导入任何任务',
    nested: ['where'],
  },
  'import.renameEmpty': {
    en: '{where}: the new name is empty; nothing was imported',
    zh: '{where}：新名称为空；未导入任何任务',
    nested: ['where'],
  },
  'import.badRename': {
    en: '{where}: the new name {reason}; nothing was imported',
    zh: '{where}：新名称{reason}；未导入任何任务',
    nested: ['where', 'reason'],
  },
  'import.nothing': {
    en: 'Nothing to import: every task is skipped',
    zh: '没有可导入的任务：所有任务都被跳过',
  },
  'import.noItem': {
    en: 'There is no item {item} to choose for; preview again',
    zh: '没有第 {item} 项可供选择；请重新预览',
  },
  'import.twoChoices': { en: 'Item {item} has two choices', zh: '第 {item} 项有两个选择' },
  'import.notWritten': {
    en: '{which}: could not be written ({detail}); nothing was imported',
    zh: '{which}：无法写入（{detail}）；未导入任何任务',
    nested: ['which'],
  },
  'import.notJsonDetail': { en: 'The file is not valid JSON: {detail}', zh: '文件不是有效的 JSON：{detail}' },
  'import.notJsonCrontab': {
    en: 'The file is not valid JSON: {detail} (is it a crontab? Choose a crontab format)',
    zh: '文件不是有效的 JSON：{detail}（是 crontab 吗？请选择 crontab 格式）',
  },
  'import.version': {
    en: 'Export version {version} is not supported',
    zh: '不支持导出文件版本 {version}',
  },
  'import.notObject': { en: 'not an object', zh: '不是对象' },
  'import.nameTwice': { en: 'the name appears twice in the file', zh: '此名称在文件中出现两次' },
  'import.chainsShape': {
    en: 'triggers.chains: each entry is {"upstreamTask": NAME, "condition": "success" | "failure" | "always"}',
    zh: 'triggers.chains：每一项应为 {"upstreamTask": 名称, "condition": "success" | "failure" | "always"}',
  },
  'import.chainUnknown': {
    en: 'Task {name} runs after {upstream}, which is neither in the file nor in Cronkeeper; nothing was imported',
    zh: '任务 {name} 在 {upstream} 之后运行，但它既不在文件中也不在 Cronkeeper 中；未导入任何任务',
  },
  'import.chainCycle': {
    en: 'The imported chains make a cycle: {cycle}; nothing was imported',
    zh: '导入的链构成循环：{cycle}；未导入任何任务',
  },
} as const satisfies Record<string, CatalogEntry>;

/** Triggers and chains (task-triggers.ts, webhook.ts). */
const TRIGGERS = {
  'trigger.scheduleRequired': {
    en: 'Schedule is required (or a chain, start-up or folder trigger)',
    zh: '必须填写计划（或设置链、启动或文件夹触发器）',
  },
  'trigger.selfChain': {
    en: 'A task cannot run after itself: {cycle}',
    zh: '任务不能在自身之后运行：{cycle}',
  },
  'trigger.upstreamMissing': { en: 'Upstream task {id} does not exist', zh: '上游任务 {id} 不存在' },
  'trigger.cycle': { en: 'These chains would make a cycle: {cycle}', zh: '这些链会构成循环：{cycle}' },
  'trigger.watchRelative': {
    en: 'The watched folder {folder} must be a full path',
    zh: '监视的文件夹 {folder} 必须是完整路径',
  },
  'webhook.tooLong': {
    en: 'A webhook URL may be at most {max} characters.',
    zh: 'Webhook URL 最多 {max} 个字符。',
  },
  'webhook.invalid': { en: 'The webhook URL is not a valid URL.', zh: 'Webhook URL 不是有效的 URL。' },
  'webhook.scheme': {
    en: 'A webhook URL must start with http:// or https://.',
    zh: 'Webhook URL 必须以 http:// 或 https:// 开头。',
  },
  'webhook.noHost': { en: 'The webhook URL has no host.', zh: 'Webhook URL 没有主机。' },
} as const satisfies Record<string, CatalogEntry>;

/** Runs, logs, history and the scheduler. */
const RUNS = {
  'testRun.duplicate': {
    en: 'A test run with id {id} is already going',
    zh: 'ID 为 {id} 的试运行已在进行',
  },
  'history.badCursor': { en: 'Invalid history cursor', zh: '无效的历史记录游标' },
  'exec.logOtherHost': {
    en: 'The log of execution {id} is on host {host}, the machine that ran it; open it in Cronkeeper there',
    zh: '执行记录 {id} 的日志在运行它的主机 {host} 上；请在那台机器的 Cronkeeper 中打开',
  },
  'exec.logOutside': {
    en: "The log of execution {id} is not read: its path is outside this data folder's logs/ ({reason})",
    zh: '未读取执行记录 {id} 的日志：其路径不在此数据文件夹的 logs/ 中（{reason}）',
  },
  'exec.pauseNotConfirmed': {
    en: 'The process running execution {id} did not confirm that it paused it: a run on Windows cannot be paused, or that process is not answering',
    zh: '运行执行记录 {id} 的进程没有确认已暂停：Windows 上的运行无法暂停，或该进程没有响应',
  },
  'exec.resumeNotConfirmed': {
    en: 'The process running execution {id} did not confirm that it resumed it: a run on Windows cannot be paused, or that process is not answering',
    zh: '运行执行记录 {id} 的进程没有确认已继续：Windows 上的运行无法暂停，或该进程没有响应',
  },
  'exec.pauseUnsupported': {
    en: 'Pausing a run stops its processes with POSIX signals, which Windows does not have; cancel it instead',
    zh: '暂停运行要用 POSIX 信号停止其进程，而 Windows 没有这种信号；请改为取消',
  },
  'conn.lost': {
    en: 'Lost the connection during {channel}',
    zh: '在 {channel} 期间与 Cronkeeper 的连接断开',
  },
  'conn.closed': { en: 'The connection to Cronkeeper is closed', zh: '与 Cronkeeper 的连接已关闭' },
  'conn.notConnected': {
    en: 'Not connected to Cronkeeper ({channel})',
    zh: '未连接到 Cronkeeper（{channel}）',
  },
  'sched.shuttingDown': { en: 'Cronkeeper is shutting down', zh: 'Cronkeeper 正在关闭' },
  'sched.locked': {
    en: 'Another Cronkeeper scheduler (pid {pid} on {host}) is already running on this data folder',
    zh: '另一个 Cronkeeper 调度器（{host} 上的进程 {pid}）已在使用此数据文件夹',
  },
} as const satisfies Record<string, CatalogEntry>;

export const ERRORS = {
  ...SCHEMA,
  ...WINDOWS,
  ...EXIT_CODES,
  ...DATABASE,
  ...IMPORTING,
  ...TRIGGERS,
  ...RUNS,
} as const;
