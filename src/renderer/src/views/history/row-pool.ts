// Row recycling for the virtualized history list. A fixed number of row elements (the pool: a screenful
// plus the overscan) shows a window of as many consecutive rows, and row `index` always goes to element
// `index % pool`. Scrolling by k rows changes the rows of exactly k elements, in place: the element whose
// row left the view shows the row that entered it, and no element is created, removed or moved.
// Keyed by row instead, every row entering the view is a new element tree (creation, style, layout) and
// every row leaving is removed: at reading speed that was most of a frame's cost.
// DOM order is slot order, so it wraps around once per turn of the pool; screen readers get the visual
// order from aria-rowindex.

/** Elements for a viewport `viewportPx` high: every row in view, a partial one, and the overscan. */
export function poolSize(viewportPx: number, rowPx: number, overscan: number, rangeLength: number): number {
  return Math.max(rangeLength, Math.ceil(viewportPx / rowPx) + 1 + 2 * overscan);
}

export interface PoolRow {
  index: number;
  slot: number;
}

/**
 * The rows the pool shows, in slot order: `pool` consecutive rows from `first` (the range's first row),
 * moved back near the end of the list so that every element keeps a row.
 */
export function poolRows(first: number, count: number, pool: number): PoolRow[] {
  const start = Math.max(0, Math.min(first, count - pool));
  const rows: PoolRow[] = [];
  for (let slot = 0; slot < pool; slot++) {
    const index = start + ((slot - (start % pool) + pool) % pool);
    if (index < count) rows.push({ index, slot });
  }
  return rows;
}
