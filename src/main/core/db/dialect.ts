// The few SQL fragments that differ between the embedded engine (SQLite) and the shared one (PostgreSQL).
// The services keep writing one statement each; where the engines disagree they ask this module. The
// SQLite fragments are exactly the text the services used before, so SQLite's statements are unchanged.
export type DialectName = 'sqlite' | 'postgres';

export interface SqlDialect {
  name: DialectName;
  /** An INSERT that skips rows breaking a unique key: `${insertIgnore.head} INTO t ... ${insertIgnore.tail}`. */
  insertIgnore: { head: string; tail: string };
  /** The larger of two numbers (SQLite's two-argument MAX). */
  greatest(a: string, b: string): string;
  /** How many rows satisfy `condition` (NULL on no rows in SQLite, as before; callers read `?? 0`). */
  countIf(condition: string): string;
  /** An expression the planner must not use an index for (SQLite's unary +). */
  noIndex(expression: string): string;
  /** The local calendar day (YYYY-MM-DD) of an epoch-ms expression, in `timezone`. */
  localDay(epochMs: string, timezone: string): string;
  /** A placeholder for a raw parameter of a known type inside VALUES lists (PostgreSQL cannot infer it). */
  typed(type: 'bigint' | 'text' | 'double'): string;
  /** What an INSERT appends to hand back the new row's id ('' on SQLite: the driver's lastID tells). */
  returningId: string;
  /**
   * Team mode: a shared server where every scheduler runs at once (PostgreSQL), instead of the single
   * lease holder of an SQLite data folder. Store statements that guard against another scheduler ask this.
   */
  teamMode: boolean;
  /** Whether one UPDATE can test a stored text for JSON and merge into it (SQLite's json_valid, json_patch). */
  jsonPatch: boolean;
}

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  insertIgnore: { head: 'INSERT OR IGNORE', tail: '' },
  greatest: (a, b) => `MAX(${a}, ${b})`,
  countIf: (condition) => `SUM(${condition})`,
  noIndex: (expression) => `+${expression}`,
  localDay: (epochMs) => `date(${epochMs} / 1000, 'unixepoch', 'localtime')`,
  typed: () => '?',
  returningId: '',
  teamMode: false,
  jsonPatch: true,
};

export const postgresDialect: SqlDialect = {
  name: 'postgres',
  insertIgnore: { head: 'INSERT', tail: 'ON CONFLICT DO NOTHING' },
  greatest: (a, b) => `GREATEST(${a}, ${b})`,
  countIf: (condition) => `COUNT(*) FILTER (WHERE ${condition})`,
  noIndex: (expression) => expression,
  localDay: (epochMs, timezone) =>
    `to_char(to_timestamp(${epochMs} / 1000.0) AT TIME ZONE ${quote(timezone)}, 'YYYY-MM-DD')`,
  typed: (type) => `CAST(? AS ${type === 'double' ? 'DOUBLE PRECISION' : type.toUpperCase()})`,
  returningId: ' RETURNING id',
  teamMode: true,
  jsonPatch: false,
};

export function dialectOf(name: DialectName): SqlDialect {
  return name === 'postgres' ? postgresDialect : sqliteDialect;
}

/** Whether a database setting names a PostgreSQL server (postgres:// or postgresql://). */
export function isPostgresUrl(url: string | undefined | null): url is string {
  return typeof url === 'string' && /^postgres(ql)?:\/\//i.test(url);
}

/** A URL with its password hidden, for logs and errors. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
