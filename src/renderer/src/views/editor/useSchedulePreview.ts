// Asks the core for the schedule's preview (validity naming the bad field, the next runs in the zone,
// daylight-saving notes), debounced so that typing costs one request per pause.
import { useEffect, useState } from 'react';
import type { SchedulePreview } from '../../../../shared/types';
import { useBridge } from '../../api/context';
import { useReasonText } from '../../i18n/core-text';

export const PREVIEW_DEBOUNCE_MS = 150;

export interface PreviewState {
  preview: SchedulePreview | null;
  /** The expression the preview is for (to tell a stale answer from a current one). */
  forExpression: string;
  pending: boolean;
}

export function useSchedulePreview(cronExpression: string, timezone: string, count = 10): PreviewState {
  const bridge = useBridge();
  // A refusal of the request itself (a schedule too long) reads in the UI language, under the field.
  const reasonText = useReasonText();
  const [state, setState] = useState<PreviewState>({ preview: null, forExpression: '', pending: true });

  useEffect(() => {
    let cancelled = false;
    setState((s) => ({ ...s, pending: true }));
    const timer = setTimeout(() => {
      bridge['schedule.preview']({ cronExpression, timezone: timezone || undefined, count }).then(
        (preview) => {
          if (!cancelled) setState({ preview, forExpression: cronExpression, pending: false });
        },
        (error) => {
          if (cancelled) return;
          setState({
            preview: { valid: false, error: reasonText(error), nextRuns: [], dstWarnings: [] },
            forExpression: cronExpression,
            pending: false,
          });
        },
      );
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [bridge, cronExpression, timezone, count, reasonText]);

  return state;
}
