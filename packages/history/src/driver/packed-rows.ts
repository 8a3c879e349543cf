import type { Driver, Queryable } from "./driver.js";

const FIELD = "\u001f";
const RECORD = "\u001e";

/**
 * Many rows read as one text value, split here. The embedded engine hands each row and field
 * to JavaScript one by one, which took about four times as long as the scan itself for 100,000
 * rows (4-6 s against 1 s packed, at load 17). Fields are separated by control characters; a
 * field is "" for NULL and its text after a "=" otherwise. Should any value hold a separator
 * (the split then has more records than rows, or a record more fields than columns), the rows
 * are read one by one instead: checking the split costs less than asking the database to look
 * for separators in every value (0.1-0.2 s of 0.4 s for 100,000 rows). A server's client reads rows fast (0.23 s of CPU for
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
  const rows = await db.query<{ packed: string | null; n: number }>(
    `SELECT string_agg(${joined}, E'\\x1e'${order === undefined ? "" : ` ORDER BY ${order}`}) AS packed, ` +
      `count(*)::int AS n ${rest}`,
    params,
  );
  const { packed, n } = rows[0]!;
  if (packed === null) return [];
  // A separator inside a value shows in the split: a record separator adds a record (there can
  // only be more than the rows counted, never fewer), a field separator adds a field to its record.
  const records = packed.split(RECORD).map((record) => record.split(FIELD));
  if (records.length !== n || records.some((r) => r.length !== columns.length))
    return plainRows(db, columns, rest, order, params);
  return records.map((record) => record.map((f) => (f === "" ? null : f.slice(1))));
}

/**
 * `packedRows` for columns that are never NULL, as one text and where each value starts and ends
 * in it (row r's column c at `r * columns.length + c`). With no NULL to mark, one separator serves
 * between fields and rows, and no value is split out as a string of its own: the caller slices
 * what it needs (about a third of reading 100,000 open spans went to splitting them). Unlike
 * `packedRows` this pays on a server too: the previous states of 100,000 devices cost `check
 * --history` 0.58 s less CPU than as rows, for 0.05 s more of the server's (docs/benchmarks.md). A
 * separator inside a value shows as more values than `columns.length` per row counted; the rows
 * are then read one by one.
 */
export async function packedColumns(
  db: Queryable,
  columns: string[],
  rest: string,
  params: unknown[] = [],
): Promise<PackedValues> {
  const query =
    `SELECT count(*)::int AS n, string_agg(${columns.map((c) => `(${c})::text`).join(` || E'\\x1f' || `)}, E'\\x1f') ` +
    `AS packed ${rest}`;
  const { packed, n } =
    (params.length === 0 && db.copyTo !== undefined ? copiedRow(await db.copyTo(query)) : undefined) ??
    (await db.query<PackedRow>(query, params))[0]!;
  const count = n * columns.length;
  if (packed === null) return { text: "", start: new Uint32Array(0), end: new Uint32Array(0) };
  const start = new Uint32Array(count);
  const end = new Uint32Array(count);
  let at = 0;
  let k = 0;
  for (; k < count; k++) {
    const stop = packed.indexOf(FIELD, at);
    start[k] = at;
    end[k] = stop === -1 ? packed.length : stop;
    if (stop === -1) break;
    at = stop + 1;
  }
  if (k === count - 1 && end[k] === packed.length) return { text: packed, start, end };
  return joinValues((await plainRows(db, columns, rest, undefined, params)).flat() as string[]);
}

/** Values joined into one text, each where it starts and ends in it. */
export function joinValues(values: readonly string[]): PackedValues {
  const start = new Uint32Array(values.length);
  const end = new Uint32Array(values.length);
  let at = 0;
  values.forEach((value, i) => {
    start[i] = at;
    end[i] = at += value.length;
  });
  return { text: values.join(""), start, end };
}

interface PackedRow {
  n: number;
  packed: string | null;
}

/**
 * `packedColumns`' row as a server's COPY wrote it ("n<TAB>packed<NL>"), or undefined when COPY
 * escaped anything (a value holding a backslash or a control character it escapes): the row is
 * then read as a query's. The 23 MB of 100,000 open spans came this way with 20-30 ms less of the
 * client's CPU, mostly the page faults of pg's doubling buffers.
 */
function copiedRow(line: Buffer): PackedRow | undefined {
  const tab = line.indexOf(9);
  const n = Number(line.toString("latin1", 0, tab));
  if (n === 0) return { n, packed: null };
  return line.includes(0x5c) ? undefined : { n, packed: line.toString("utf8", tab + 1, line.length - 1) };
}

/** Values that are slices of one text: value k is `text.slice(start[k], end[k])`. */
export interface PackedValues {
  text: string;
  start: Uint32Array;
  end: Uint32Array;
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
