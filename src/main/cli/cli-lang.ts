// The CLI's language for what the core says (run messages, cron and time-zone errors, daylight-saving
// notes): Chinese when the POSIX locale asks for it (LC_ALL, else LC_MESSAGES, else LANG, the first one set
// and not empty, as gettext reads them, e.g. zh_CN.UTF-8), English otherwise. The CLI's own words, its
// headers and its --json output stay English (scripts read them).
import { localizeText, type MessageLang } from '../../shared/messages';

export function cliLang(env: NodeJS.ProcessEnv = process.env): MessageLang {
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '') ?? '';
  return /^zh([_.@-]|$)/i.test(locale) ? 'zh-CN' : 'en';
}

/** A core message in the CLI's language (any other text unchanged). */
export function cliText(text: string, env: NodeJS.ProcessEnv = process.env): string {
  return localizeText(text, cliLang(env));
}
