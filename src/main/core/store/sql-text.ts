// Query text helpers that need neither Sequelize nor a driver, so that the statements built with them can be
// run by the app (store/sql.ts re-exports them) and by the CLI's quick read path (store/quick-read/) alike.

/** `?, ?, ?` for an IN list of `count` positional parameters. */
export const placeholders = (count: number): string => Array.from({ length: count }, () => '?').join(', ');

/** A LIKE pattern that matches `text` literally anywhere (used with ESCAPE '\'). */
export function containsPattern(text: string): string {
  return '%' + text.replace(/[\\%_]/g, (ch) => '\\' + ch) + '%';
}
