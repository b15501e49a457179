// STUB (owned by the engine work): the editor's schedule preview: validity (naming the bad field), the
// next runs in the task's zone, and daylight-saving warnings.
import type { SchedulePreview } from '../../../shared/types';
import { nextRuns, validateCron } from './schedule-math';

export function previewSchedule(
  expression: string,
  timezone: string,
  count: number,
  nowMs: number,
): SchedulePreview {
  const check = validateCron(expression);
  if (!check.valid)
    return { valid: false, error: check.message, field: check.field, nextRuns: [], dstWarnings: [] };
  return { valid: true, nextRuns: nextRuns(expression, timezone, nowMs, count), dstWarnings: [] };
}
