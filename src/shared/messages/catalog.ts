// The catalog of what the core tells a user: a stable code, its English text and its Chinese text, with
// {param} placeholders. The English text is what the core writes (to the wire, the database and the logs),
// so a stored English message is also its code: recognize() reads the code and the parameters back out
// of it, and a change of language changes old messages too. Plain data: no zod, no Node, no React.
//
// `nested` names parameters that are themselves catalog messages (or a field name), translated in turn.

import { ERRORS, INPUT } from './catalog-errors';
import { SCHEMA_REASONS } from './catalog-schema';
import type { CatalogEntry } from './catalog-types';

export type { CatalogEntry, MessageLang } from './catalog-types';

const RUN = {
  'run.completed': { en: 'Completed', zh: '已完成' },
  'run.cancelled': { en: 'Cancelled', zh: '已取消' },
  'run.cancelledByUser': { en: 'Cancelled by the user', zh: '已被用户取消' },
  'run.cancelledReplaced': {
    en: 'Cancelled: replaced by a newer run of this task (overlap policy "replace")',
    zh: '已取消：被此任务较新的一次运行替换（重叠策略“替换”）',
  },
  'run.cancelledCondition': {
    en: 'Cancelled: a run condition of this task no longer holds',
    zh: '已取消：此任务的运行条件不再满足',
  },
  'run.skippedOnBattery': {
    en: 'Skipped: the computer is on battery power, and this task runs only on AC power',
    zh: '已跳过：计算机正在使用电池供电，而此任务只在接通电源时运行',
  },
  'run.stoppedOnBattery': {
    en: 'Stopped: the computer switched to battery power',
    zh: '已停止：计算机已切换为电池供电',
  },
  'run.cancelledShutdown': {
    en: 'Cancelled: Cronkeeper was shutting down',
    zh: '已取消：Cronkeeper 正在关闭',
  },
  'run.logNotWritten': {
    en: 'The log file could not be written ({reason})',
    zh: '无法写入日志文件（{reason}）',
  },
  'run.resultTooLarge': { en: 'The result was too large to keep', zh: '结果过大，未保留' },
  'run.exitCode': { en: 'Exited with code {code}', zh: '退出码 {code}' },
  'run.exitCodeMeaning': {
    en: 'Exited with code {code} ({meaning})',
    zh: '退出码 {code}（{meaning}）',
    nested: ['meaning'],
  },
  'run.killedBySignal': { en: 'Killed by signal {signal}', zh: '被信号 {signal} 终止' },
  'run.killedBy': { en: 'Killed by {signal} (exit code {code})', zh: '被 {signal} 终止（退出码 {code}）' },
  'run.commandNotFound': { en: 'Command not found: {name}', zh: '找不到命令：{name}' },
  'run.permissionDenied': { en: 'Permission denied: {name}', zh: '没有权限运行：{name}' },
  'run.timedOut': { en: 'Timed out after {seconds} s', zh: '运行 {seconds} 秒后超时' },
  'run.couldNotStartFile': { en: 'Could not start {file}: {reason}', zh: '无法启动 {file}：{reason}' },
  'run.couldNotStart': { en: 'Could not start the command: {reason}', zh: '无法启动命令：{reason}' },
  'run.endedWithStatus': { en: 'The command ended with status {status}', zh: '命令以状态 {status} 结束' },
  'run.skipped': {
    en: 'Skipped: the previous run of this task was still going',
    zh: '已跳过：此任务的上一次运行仍在进行',
  },
  'run.skippedRemote': {
    en: 'Skipped: the previous run of this task was still going on host {host}',
    zh: '已跳过：此任务的上一次运行仍在主机 {host} 上进行',
  },
  'run.missed': {
    en: 'Missed: Cronkeeper was not running (or the computer was asleep) at this time',
    zh: '已错过：此时 Cronkeeper 未运行（或计算机处于睡眠状态）',
  },
  'run.missedOutage': {
    en: 'Missed: the database was unavailable from {from} to {to}',
    zh: '已错过：数据库在 {from} 至 {to} 期间不可用',
  },
  'run.interrupted': {
    en: 'Interrupted: Cronkeeper stopped unexpectedly while this was running',
    zh: '已中断：运行期间 Cronkeeper 意外停止',
  },
  'run.unrecorded': {
    en: 'Interrupted: this run ended while the database was unavailable, so its outcome could not be recorded',
    zh: '已中断：此次运行结束时数据库不可用，因此无法记录其结果',
  },
  'run.slotFailed': {
    en: 'Failed: Cronkeeper could not run this slot: {error}',
    zh: '失败：Cronkeeper 无法运行此时间点：{error}',
  },
  'win.ctrlC': { en: 'stopped by Ctrl-C or Ctrl-Break', zh: '被 Ctrl-C 或 Ctrl-Break 停止' },
  'win.accessViolation': { en: 'crashed: access violation', zh: '崩溃：访问冲突' },
  'win.stackOverflow': { en: 'crashed: stack overflow', zh: '崩溃：栈溢出' },
  'win.stackOverrun': { en: 'crashed: stack buffer overrun', zh: '崩溃：栈缓冲区溢出' },
  'win.dllNotFound': { en: 'a DLL it needs was not found', zh: '找不到所需的 DLL' },
  'win.dllInit': { en: 'a DLL failed to initialise', zh: 'DLL 初始化失败' },
  'win.outOfMemory': { en: 'out of memory', zh: '内存不足' },
} as const satisfies Record<string, CatalogEntry>;

const SCHEDULE = {
  'schedule.invalid': { en: 'Invalid schedule', zh: '无效的计划' },
  'schedule.never': { en: 'This schedule never runs', zh: '此计划永远不会运行' },
  'schedule.unknownZone': {
    en: 'Unknown time zone "{zone}"; use an IANA name such as Europe/Berlin',
    zh: '未知时区“{zone}”；请使用 IANA 名称，例如 Europe/Berlin',
  },
  'cron.nickname': {
    en: 'Nicknames like {nickname} are not supported; write the 5 fields (for example 0 0 * * * for daily)',
    zh: '不支持 {nickname} 这样的简写；请写出 5 个字段（例如每天运行写 0 0 * * *）',
  },
  'cron.fieldCount': {
    en: 'A schedule has 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first; this one has {count}',
    zh: '计划有 5 个字段（分 时 日 月 周），或以秒开头的 6 个字段；此计划有 {count} 个',
  },
  'cron.field': { en: '{field} field: {detail}', zh: '{field}字段：{detail}', nested: ['field', 'detail'] },
  'cron.empty': { en: 'is empty', zh: '为空' },
  'cron.emptyItem': { en: 'has an empty list item', zh: '列表中有空项' },
  'cron.manySlashes': { en: '"{part}" has more than one "/"', zh: '“{part}”含有多个“/”' },
  'cron.badStep': { en: 'step "{step}" must be a positive number', zh: '步长“{step}”必须是正数' },
  'cron.badRange': { en: '"{range}" is not a valid range', zh: '“{range}”不是有效的范围' },
  'cron.outOfRange': { en: '{value} is out of range {min}-{max}', zh: '{value} 超出范围 {min}-{max}' },
  'cron.notNumber': { en: '"{raw}" is not a number', zh: '“{raw}”不是数字' },
  'cron.namesOnly': {
    en: '"{raw}": names are only allowed for months and days',
    zh: '“{raw}”：只有月份和星期可以使用名称',
  },
  'cron.badName': {
    en: '"{raw}" is not a valid name; use the first three letters ({examples}, ...)',
    zh: '“{raw}”不是有效的名称；请使用前三个字母（{examples}, ...）',
  },
  'cron.backwards': { en: 'range {range} goes backwards', zh: '范围 {range} 是倒序的' },
  'cron.backwardsStep': {
    en: 'range {range}/{step} goes backwards (cron wraps a range ending on Sunday only without a step; write {fix})',
    zh: '范围 {range}/{step} 是倒序的（cron 只在没有步长时才让以周日结尾的范围回绕；请写 {fix}）',
  },
  'cron.backwardsWrap': {
    en: 'range {range} goes backwards (cron wraps only ranges that end on Sunday, such as FRI-SUN; write {fix},...)',
    zh: '范围 {range} 是倒序的（cron 只让以周日结尾的范围回绕，例如 FRI-SUN；请写 {fix},...）',
  },
  'cron.question': { en: '"?" is not supported; use * instead', zh: '不支持“?”；请改用 *' },
  'cron.last': { en: '"L" (last) is not supported', zh: '不支持“L”（最后一天）' },
  'cron.weekday': { en: '"W" (nearest weekday) is not supported', zh: '不支持“W”（最近的工作日）' },
  'cron.nth': { en: '"#" (nth weekday of the month) is not supported', zh: '不支持“#”（每月第 n 个星期几）' },
  'cron.neverDay': {
    en: 'day {day} never occurs in {months}, so this schedule would never run',
    zh: '{months}没有第 {day} 天，因此此计划永远不会运行',
    nested: ['months'],
  },
} as const satisfies Record<string, CatalogEntry>;

const DST = {
  'dst.gapMoved1': {
    en: 'On {day}, {times} does not exist in {zone} (clocks jump forward): this run happens at {end}.',
    zh: '{day}，{zone} 不存在 {times}（时钟向前跳）：这次运行改在 {end} 进行。',
    nested: ['day', 'times'],
  },
  'dst.gapMoved': {
    en: 'On {day}, {times} do not exist in {zone} (clocks jump forward): these runs happen once, at {end}.',
    zh: '{day}，{zone} 不存在 {times}（时钟向前跳）：这些运行合并为一次，在 {end} 进行。',
    nested: ['day', 'times'],
  },
  'dst.gapMerged1': {
    en: 'On {day}, {times} does not exist in {zone} (clocks jump forward): this run merges with the {end} run (one run).',
    zh: '{day}，{zone} 不存在 {times}（时钟向前跳）：这次运行与 {end} 的运行合并（只运行一次）。',
    nested: ['day', 'times'],
  },
  'dst.gapMerged': {
    en: 'On {day}, {times} do not exist in {zone} (clocks jump forward): these runs merge with the {end} run (one run).',
    zh: '{day}，{zone} 不存在 {times}（时钟向前跳）：这些运行与 {end} 的运行合并（只运行一次）。',
    nested: ['day', 'times'],
  },
  'dst.gapDropped1': {
    en: 'On {day}, {times} does not exist in {zone} (clocks jump forward from {from} to {to}): this run is skipped and the schedule keeps its rhythm in real time.',
    zh: '{day}，{zone} 不存在 {times}（时钟从 {from} 跳到 {to}）：这次运行被跳过，计划按实际时间保持节奏。',
    nested: ['day', 'times'],
  },
  'dst.gapDropped': {
    en: 'On {day}, {times} do not exist in {zone} (clocks jump forward from {from} to {to}): these runs are skipped and the schedule keeps its rhythm in real time.',
    zh: '{day}，{zone} 不存在 {times}（时钟从 {from} 跳到 {to}）：这些运行被跳过，计划按实际时间保持节奏。',
    nested: ['day', 'times'],
  },
  'dst.backHourly1': {
    en: "On {day}, {times} occurs twice in {zone} (clocks go back from {from} to {to}): this run happens in both passes, keeping the schedule's rhythm in real time.",
    zh: '{day}，{zone} 的 {times} 出现两次（时钟从 {from} 回拨到 {to}）：这次运行在两次经过时都会进行，按实际时间保持计划节奏。',
    nested: ['day', 'times'],
  },
  'dst.backHourly': {
    en: "On {day}, {times} occur twice in {zone} (clocks go back from {from} to {to}): these runs happen in both passes, keeping the schedule's rhythm in real time.",
    zh: '{day}，{zone} 的 {times} 出现两次（时钟从 {from} 回拨到 {to}）：这些运行在两次经过时都会进行，按实际时间保持计划节奏。',
    nested: ['day', 'times'],
  },
  'dst.backOnce1': {
    en: 'On {day}, {times} occurs twice in {zone} (clocks go back): this run happens once, at the first {times}.',
    zh: '{day}，{zone} 的 {times} 出现两次（时钟回拨）：这次运行只进行一次，在第一个 {times}。',
    nested: ['day', 'times'],
  },
  'dst.backOnce': {
    en: 'On {day}, {times} occur twice in {zone} (clocks go back): these runs happen once, at the first occurrence.',
    zh: '{day}，{zone} 的 {times} 出现两次（时钟回拨）：这些运行只进行一次，在第一次出现时。',
    nested: ['day', 'times'],
  },
  'list.and': { en: '{items} and {last}', zh: '{items} 和 {last}' },
  'list.or': { en: '{items} or {last}', zh: '{items}或{last}', nested: ['items', 'last'] },
  'dst.timeRange': { en: 'the {count} times from {from} to {to}', zh: '从 {from} 到 {to} 的 {count} 个时间' },
} as const satisfies Record<string, CatalogEntry>;

const IMPORT = {
  'import.unknownZone': {
    en: 'unknown time zone "{zone}": the jobs below get the default time zone',
    zh: '未知时区“{zone}”：下面的任务使用默认时区',
  },
  'import.shellWindows': {
    en: 'SHELL is not used on Windows (commands run with cmd.exe)',
    zh: 'Windows 上不使用 SHELL（命令由 cmd.exe 运行）',
  },
  'import.mail': {
    en: 'mail is not supported: Cronkeeper records every run and its output instead of mailing it',
    zh: '不支持邮件：Cronkeeper 会记录每次运行及其输出，而不是发送邮件',
  },
  'import.systemFormat': {
    en: 'every command begins with "{word}": if this is a system crontab (with a user column), import it with --system',
    zh: '每条命令都以“{word}”开头：如果这是系统 crontab（带用户列），请用 --system 导入',
  },
  'import.unknownFields': { en: 'unknown fields ignored: {fields}', zh: '已忽略未知字段：{fields}' },
  'import.cronUser': { en: 'Cron user: {user}.', zh: 'Cron 用户：{user}。' },
  'import.cronUserOther': {
    en: 'Cron user: {user}. Cronkeeper runs this task as {current}, not as {user}.',
    zh: 'Cron 用户：{user}。Cronkeeper 以 {current} 而不是 {user} 的身份运行此任务。',
  },
  'import.noUserCommand': {
    en: 'no user and command after the schedule (system crontab format)',
    zh: '计划之后没有用户和命令（系统 crontab 格式）',
  },
  'import.userStar': {
    en: 'a user name cannot begin with * (a sixth schedule field?)',
    zh: '用户名不能以 * 开头（是第六个计划字段吗？）',
  },
  'import.noCommand': { en: 'no command after the schedule', zh: '计划之后没有命令' },
  'import.commandStar': {
    en: 'a command cannot begin with * (crontab lines have 5 schedule fields)',
    zh: '命令不能以 * 开头（crontab 行有 5 个计划字段）',
  },
  'import.reboot': {
    en: '@reboot has no equivalent (Cronkeeper runs tasks on a schedule)',
    zh: '@reboot 没有对应功能（Cronkeeper 按计划运行任务）',
  },
  'import.unknownNickname': { en: 'unknown schedule nickname {nickname}', zh: '未知的计划简写 {nickname}' },
  'import.notSchedule': {
    en: 'not a schedule line (5 schedule fields and a command)',
    zh: '不是计划行（应为 5 个计划字段加一条命令）',
  },
} as const satisfies Record<string, CatalogEntry>;

/** The services' checks of a task (quoted values keep their quotes: they are the user's input). */
const VALIDATION = {
  'valid.zoneUnknown': { en: 'Unknown time zone {zone}', zh: '未知时区 {zone}' },
  'valid.folderMissing': { en: 'Working folder {folder} does not exist', zh: '工作目录 {folder} 不存在' },
  'valid.notAFolder': { en: 'Working folder {folder} is not a folder', zh: '工作目录 {folder} 不是文件夹' },
  'valid.encodingUnknown': { en: 'Unknown output encoding "{encoding}"', zh: '未知的输出编码“{encoding}”' },
  'valid.nameTaken': { en: 'A task named {name} already exists', zh: '名为 {name} 的任务已存在' },
  'valid.nameTakenPlain': { en: 'A task with this name already exists', zh: '已存在同名任务' },
  'valid.tasksExist': { en: 'These tasks already exist: {names}', zh: '以下任务已存在：{names}' },
  'valid.notJson': { en: 'The file is not valid JSON', zh: '文件不是有效的 JSON' },
  'valid.singleLine': {
    en: 'must not contain control characters (tab, newline, NUL, escape codes...)',
    zh: '不能包含控制字符（制表符、换行符、NUL、转义序列等）',
  },
  'valid.multiLine': {
    en: 'must not contain control characters other than tab and newline',
    zh: '除制表符和换行符外，不能包含控制字符',
  },
  'valid.taskMissing': { en: 'Task {id} does not exist', zh: '任务 {id} 不存在' },
  'valid.executionMissing': { en: 'Execution {id} does not exist', zh: '执行记录 {id} 不存在' },
  'valid.folderDenied': {
    en: 'Working folder {folder} cannot be opened: permission denied',
    zh: '无法打开工作目录 {folder}：权限不足',
  },
  'valid.notExport': {
    en: 'The file is not a Cronkeeper task export',
    zh: '文件不是 Cronkeeper 任务导出文件',
  },
} as const satisfies Record<string, CatalogEntry>;

/** Trigger gaps (issue #16 follow-up): the import's note on a webhook secret left out of an export. */
const TRIGGER_GAPS = {
  'import.secretLeftOut': {
    en: "the webhook secret of {names} was not in the file: set it again in the task's webhook settings",
    zh: '文件中没有 {names} 的 Webhook 密钥：请在任务的 Webhook 设置中重新设置',
  },
} as const satisfies Record<string, CatalogEntry>;

export const CATALOG = {
  ...RUN,
  ...SCHEDULE,
  ...DST,
  ...IMPORT,
  ...VALIDATION,
  ...TRIGGER_GAPS,
  ...INPUT,
  ...SCHEMA_REASONS,
  ...ERRORS,
} as const satisfies Record<string, CatalogEntry>;

export type MessageCode = keyof typeof CATALOG;

/** Words that appear as parameters: cron field names, month names, day labels. */
export const WORDS: Record<string, string> = {
  Second: '秒',
  Minute: '分钟',
  Hour: '小时',
  'Day of month': '日',
  Month: '月份',
  'Day of week': '星期',
  January: '一月',
  February: '二月',
  March: '三月',
  April: '四月',
  May: '五月',
  June: '六月',
  July: '七月',
  August: '八月',
  September: '九月',
  October: '十月',
  November: '十一月',
  December: '十二月',
};
