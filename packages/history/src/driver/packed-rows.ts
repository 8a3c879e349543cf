import type { Driver, Queryable } from "./driver.js";

const FIELD = "\u001f";
const RECORD = "\u001e";

/**
 * Many rows read as one text value, split here. The embedded engine hands each row and field
 * to JavaScript one by one, which took about four times as long as the scan itself for 100,000
 * rows (4-6 s against 1 s packed, at load 17). Fields are separated by control characters; a
 * field is "" for NULL and its text after a "=" otherwise. Should any value hold a separator,
 * the rows are read one by one instead. A server's client reads rows fast (0.23 s of CPU for
 * 100,000), and there packing cost more than it saved: it reads rows.
 *
 * `columns` are SQL expressions (their text is read), `rest` is the FROM ... WHERE part, and
 * `order` orders the rows (as ORDER BY would) or is undefined.
 */
export async function packedRows(
  db: Queryable,
  columns: string[],
  rest: string,
  order: string | undefined,
  params: unknown[] = [],
): Promise<(string | null)[][]> {
  if ((db as Partial<Driver>).engine === "postgres") return plainRows(db, columns, rest, order, params);
  const fields = columns.map((c) => `coalesce('=' || (${c})::text, '')`);
  const joined = fields.join(` || E'\\x1f' || `);
  const clash = fields.map((f) => `strpos(${f}, E'\\x1f') + strpos(${f}, E'\\x1e')`).join(" + ");
  const rows = await db.query<{ packed: string | null; clash: boolean | null }>(
    `SELECT string_agg(${joined}, E'\\x1e'${order === undefined ? "" : ` ORDER BY ${order}`}) AS packed, ` +
      `bool_or(${clash} > 0) AS clash ${rest}`,
    params,
  );
  const { packed, clash: clashes } = rows[0]!;
  if (clashes === true) return plainRows(db, columns, rest, order, params);
  if (packed === null) return [];
  return packed.split(RECORD).map((record) => record.split(FIELD).map((f) => (f === "" ? null : f.slice(1))));
}

/** The same rows read one by one. */
async function plainRows(
  db: Queryable,
  columns: string[],
  rest: string,
  order: string | undefined,
  params: unknown[],
): Promise<(string | null)[][]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT ${columns.map((c, i) => `(${c})::text AS c${i}`).join(", ")} ${rest}${order === undefined ? "" : ` ORDER BY ${order}`}`,
    params,
  );
  return rows.map((r) => columns.map((_, i) => (r[`c${i}`] as string | null) ?? null));
}
