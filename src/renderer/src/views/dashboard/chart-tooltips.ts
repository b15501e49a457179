// The dashboard charts' tooltips. ECharts puts a tooltip formatter's string into the page as HTML, and
// task names come from anyone who can write a task (an import file, a crontab, a shared database): every
// piece of text is escaped here, and each chart has its own formatter rather than ECharts' default one,
// so that no chart depends on what a library version happens to escape.

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** What ECharts hands an item formatter (the parts used here). */
interface ItemParam {
  data: unknown;
  seriesName?: string;
  value?: unknown;
  /** ECharts' own colour dot (a span it builds from the series colour, not from data). */
  marker?: unknown;
  axisValue?: unknown;
}

/** The upcoming-runs scatter: "task name" and the run's time. */
export function upcomingTooltip(format: (at: number) => string) {
  return (p: ItemParam) => {
    const [at, name] = p.data as [number, string];
    return `${escapeHtml(name)}<br/>${escapeHtml(format(at))}`;
  };
}

/**
 * An axis tooltip: the axis value as a header, then one line per series "● name: value". `header`
 * turns the axis value into text, `value` a point into text.
 */
export function axisTooltip(header: (axisValue: unknown) => string, value: (p: ItemParam) => string) {
  return (params: ItemParam | ItemParam[]) => {
    const list = Array.isArray(params) ? params : [params];
    if (list.length === 0) return '';
    const lines = list.map(
      (p) =>
        `${typeof p.marker === 'string' ? p.marker : ''}${escapeHtml(p.seriesName ?? '')}: ${escapeHtml(value(p))}`,
    );
    return [escapeHtml(header(list[0].axisValue)), ...lines].join('<br/>');
  };
}
