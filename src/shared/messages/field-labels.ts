// A wire error's field (a path of the contract: "name", "patch.timeoutSeconds", "env.A") in the user's
// language, for a message that names it ("名称：最多 200 个字符"). The head of the path is named; the rest
// (a variable's name, a list index) is the user's own data and stays as it is.
import { CATALOG } from './catalog';
import type { CatalogEntry, MessageLang } from './catalog-types';
import {
  fill,
  isMessageCode,
  localizeLabel,
  localizeText,
  recognize,
  showMessage,
  type MessageParams,
} from './format';

const LABELS: Record<string, [en: string, zh: string]> = {
  name: ['Name', '名称'],
  description: ['Description', '描述'],
  command: ['Command', '命令'],
  cronExpression: ['Schedule', '计划'],
  timezone: ['Time zone', '时区'],
  workingDir: ['Working folder', '工作目录'],
  env: ['Environment', '环境变量'],
  enabled: ['Enabled', '启用'],
  paused: ['Paused', '暂停'],
  timeoutSeconds: ['Timeout', '超时'],
  maxRetries: ['Retries', '重试次数'],
  retryDelaySeconds: ['Retry delay', '重试间隔'],
  overlapPolicy: ['Overlap policy', '重叠策略'],
  misfirePolicy: ['Missed runs', '错过的运行'],
  misfireGraceSeconds: ['Grace period', '宽限期'],
  notifyOn: ['Notify on', '通知'],
  hostTag: ['Host tag', '主机标签'],
  outputEncoding: ['Output encoding', '输出编码'],
  successExitCodes: ['Success exit codes', '成功退出码'],
  tags: ['Tags', '标签'],
  triggers: ['Triggers', '触发器'],
  url: ['Database URL', '数据库 URL'],
  search: ['Search', '搜索'],
  limit: ['Limit', '数量'],
  cursor: ['Page', '分页'],
  language: ['Language', '语言'],
  theme: ['Theme', '主题'],
  concurrencyLimit: ['Concurrent runs', '并发运行数'],
  retentionDays: ['Keep history (days)', '历史保留天数'],
  retentionRunsPerTask: ['Runs kept per task', '每个任务保留的运行数'],
  logSizeCapBytes: ['Log size cap', '日志大小上限'],
  defaultTimezone: ['Default time zone', '默认时区'],
  webhookUrl: ['Webhook URL', 'Webhook URL'],
  webhookSecret: ['Webhook secret', 'Webhook 密钥'],
  format: ['Format', '格式'],
  text: ['File', '文件'],
};

/** The triggers' own fields ("triggers.watch.folder"), named for themselves. */
const TRIGGER_LABELS: Record<string, [en: string, zh: string]> = {
  chains: ['Run after', '上游任务'],
  startupDelaySeconds: ['Start-up delay', '启动延迟'],
  'watch.folder': ['Watched folder', '监视的文件夹'],
  'watch.glob': ['File pattern', '文件匹配模式'],
  'watch.debounceMs': ['Quiet period', '静默期'],
  webhookUrl: LABELS.webhookUrl,
  webhookSecret: LABELS.webhookSecret,
};

/** The field's name for a user ("patch.env.A" → "环境变量.A"); an unknown field as it is. */
export function fieldLabel(field: string, lang: MessageLang): string {
  const path = field.startsWith('patch.') ? field.slice('patch.'.length) : field;
  const trigger = /^triggers\.([\w.]+?)(?:\.\d+)?$/.exec(path)?.[1];
  if (trigger && TRIGGER_LABELS[trigger]) return TRIGGER_LABELS[trigger][lang === 'zh-CN' ? 1 : 0];
  const dot = path.indexOf('.');
  const head = dot < 0 ? path : path.slice(0, dot);
  const label = LABELS[head];
  if (!label) return path;
  return label[lang === 'zh-CN' ? 1 : 0] + (dot < 0 ? '' : path.slice(dot));
}

/**
 * A wire error in a language. English is its own message, the field it names by its name ("Timeout: …",
 * not "timeoutSeconds: …"). Otherwise its code's text, with the field named
 * in front when the message names it (a validation error "name: …" reads "名称：…"), and any label before
 * the field kept (an import's "Task 2 "x": "); without a code, the stored-English reading of
 * localizeText. A reason that names what it is about is shown without the field, in either language:
 * "text: The file is empty" reads "The file is empty", "文件为空".
 */
export function showError(
  error: { message: string; field?: string; messageCode?: string; params?: MessageParams },
  lang: MessageLang,
): string {
  const at = error.field ? error.message.indexOf(`${error.field}: `) : -1;
  // A reason that names what it is about ("The file is empty") is shown without the field's name.
  const sentence = isSentence(error.messageCode) && at >= 0;
  if (lang === 'en') {
    if (at < 0) return error.message;
    // The contract's key ("timeoutSeconds: …") is the CLI's word; a person reads the field's name.
    const named = sentence ? '' : `${fieldLabel(error.field!, 'en')}: `;
    return error.message.slice(0, at) + named + error.message.slice(at + error.field!.length + 2);
  }
  const text = showMessage(error, lang);
  if (!error.messageCode || !isMessageCode(error.messageCode)) return text;
  if (at < 0) {
    // The code stands for the end of a longer message (behind an import's "Task 2 "x": "): keep the label.
    if (recognize(error.message)) return text;
    const local = localizeText(error.message, lang);
    return local === error.message ? text : local;
  }
  const before = error.message.slice(0, at).replace(/: $/, '');
  const label = before ? `${localizeLabel(before, lang) ?? before}：` : '';
  return sentence ? `${label}${text}` : `${label}${fieldLabel(error.field!, lang)}：${text}`;
}

/** Whether a code's text names what it is about (catalog-schema.ts): no field's name in front of it. */
function isSentence(code: string | undefined): boolean {
  return isMessageCode(code) && (CATALOG[code] as CatalogEntry).sentence === true;
}

/**
 * The reason alone, for a form that shows it under its field (which is labelled already): the English
 * message without its leading "field: ", or the code's text; anything else as showError writes it.
 */
export function showReason(
  error: { message: string; field?: string; messageCode?: string; params?: MessageParams },
  lang: MessageLang,
): string {
  const prefix = error.field ? `${error.field}: ` : '';
  if (!prefix || !error.message.startsWith(prefix)) return showError(error, lang);
  const reason = { ...error, message: error.message.slice(prefix.length) };
  if (lang !== 'en') return showMessage(reason, lang);
  // A schema's English that names its field ("Name is at most 200 characters") without it.
  const bare = isMessageCode(error.messageCode)
    ? (CATALOG[error.messageCode] as CatalogEntry).reason
    : undefined;
  return bare === undefined ? reason.message : fill(bare, error.params ?? {});
}
