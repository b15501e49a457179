// What the core wrote (run messages, cron and time-zone errors, daylight-saving notes, wire errors), in the
// UI language: catalog messages are translated (src/shared/messages), anything else (job output, a
// name, an OS error) is shown as it is.
import { useCallback } from 'react';
import type { WireError } from '../../../shared/contract';
import { failureLine } from '../../../shared/failure-text';
import { localizeText, showMessage } from '../../../shared/messages';
import type { Lang } from './i18n';
import { useLang } from './i18n';

export function coreText(text: string, lang: Lang): string {
  return localizeText(text, lang);
}

/** A run's failure line with its own message in the UI language (the job's last words stay as they are). */
export function localFailureLine(
  execution: Parameters<typeof failureLine>[0] &
    Partial<{ messageCode: string; messageParams: Record<string, string | number> }>,
  lang: Lang,
): string {
  const own = execution.errorMessage;
  const message =
    own === null
      ? null
      : showMessage(
          { message: own, messageCode: execution.messageCode, params: execution.messageParams },
          lang,
        );
  return failureLine({ ...execution, errorMessage: message });
}

/** A wire error's text in the UI language (its code when the catalog knows it, else its English message). */
export function errorText(error: Pick<WireError, 'message' | 'messageCode' | 'params'>, lang: Lang): string {
  return showMessage(error, lang);
}

/** coreText bound to the UI language. */
export function useCoreText(): (text: string) => string {
  const lang = useLang();
  return useCallback((text: string) => localizeText(text, lang), [lang]);
}
