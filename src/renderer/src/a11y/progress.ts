// What a progress bar says to a screen reader beyond its number: "40 %", "40 % · Paused" or
// "40 % · ETA 2m", the same facts the bar's visible line shows.
import type { T } from '../i18n/i18n';

/** percent: whole percent or null (not reported); eta: formatted, or null. */
export function progressValueText(t: T, percent: number | null, paused: boolean, eta: string | null): string {
  const parts = [percent == null ? t('a11y.progress.unknown') : `${percent}%`];
  if (paused) parts.push(t('exec.paused'));
  else if (eta) parts.push(t('tasks.eta', { eta }));
  return parts.join(' · ');
}
