/**
 * The little a history store needs from PostgreSQL, so one schema and the same SQL run on
 * the embedded engine (PGlite) and on a server (`pg`). Parameters are `$1`-style; integers
 * are `integer` columns (both engines return numbers for them) and instants are ISO text.
 */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Bulk load CSV rows (RFC 4180, no header) into `table (columns)` with `COPY`. */
  copyFrom(table: string, columns: string[], csv: string): Promise<void>;
  /**
   * A query's rows as `COPY (query) TO STDOUT` writes them (text format: a tab between columns, a
   * newline after each row, backslash escapes), streamed, and planned without parallel workers.
   * Only a server has it, outside `transaction` bodies: for one large value `pg` assembles the
   * whole message in buffers that double as it comes.
   */
  copyTo?(query: string): Promise<Buffer>;
}

export interface Driver extends Queryable {
  readonly engine: "embedded" | "postgres";
  /** Where the store is, for messages (a directory, or the URL without its password). */
  readonly location: string;
  /**
   * Runs `body` in one transaction holding the store's writer lock: either everything it
   * wrote is kept or nothing is (a run killed half way leaves the store as it was).
   */
  transaction<T>(body: (tx: Queryable) => Promise<T>, options?: { lock?: boolean }): Promise<T>;
  close(): Promise<void>;
}

/** Advisory lock key of the writer lock on a server ("tenet" as an integer). */
export const WRITER_LOCK_KEY = 0x74656e6574;

/** One CSV field: quoted when it has to be; `null` is an unquoted empty field (NULL in COPY csv). */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\n\r]/.test(text) || text === "" ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: (string | number | null | undefined)[]): string {
  return `${values.map(csvField).join(",")}\n`;
}
