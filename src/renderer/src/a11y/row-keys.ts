// Where the arrow, Home/End and Page keys move focus in a grid of rows (the task table, History's runs).

/** The row index the key moves to from `index` (of rows 0..last, `page` rows a page); null for other keys. */
export function rowMoveTarget(key: string, index: number, last: number, page: number): number | null {
  switch (key) {
    case 'ArrowDown':
      return Math.min(last, index + 1);
    case 'ArrowUp':
      return Math.max(0, index - 1);
    case 'Home':
      return 0;
    case 'End':
      return last;
    case 'PageDown':
      return Math.min(last, index + page);
    case 'PageUp':
      return Math.max(0, index - page);
    default:
      return null;
  }
}
