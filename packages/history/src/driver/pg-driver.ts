import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFromStream, to as copyToStream } from "pg-copy-streams";
import { WRITER_LOCK_KEY, type Driver, type Queryable } from "./driver.js";

function wrap(client: pg.Client): Queryable {
  return {
    async query<T>(sql: string, params: unknown[] = []) {
      return (await client.query(sql, params)).rows as T[];
    },
    async exec(sql: string) {
      await client.query(sql);
    },
    async copyFrom(table: string, columns: string[], csv: string) {
      if (csv === "") return;
      const sink = client.query(copyFromStream(`COPY ${table} (${columns.join(", ")}) FROM STDIN WITH (FORMAT csv)`));
      await pipeline(Readable.from([Buffer.from(csv, "utf8")]), sink);
    },
  };
}

/** A URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== "") u.password = "***";
    return u.toString();
  } catch {
    return "postgres://…";
  }
}

/** A PostgreSQL server, for teams: one connection, one transaction per run. */
export async function openPg(url: string): Promise<Driver> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // Errors after connect (server gone) surface on the next query; do not crash the process.
  client.on("error", () => undefined);
  const base = wrap(client);
  return {
    engine: "postgres",
    location: redactUrl(url),
    ...base,
    async copyTo(query) {
      // One backend scans: the parallel plan a server picks for the open spans of 100,000 devices
      // (once it has their statistics) took it 190-230 ms in three processes against 60-115 ms in
      // one, about 90 ms more CPU a run (docs/benchmarks.md). SET LOCAL ends with the transaction,
      // also behind a pooler that hands each transaction to another session.
      await client.query("BEGIN; SET LOCAL max_parallel_workers_per_gather = 0");
      try {
        const chunks: Buffer[] = [];
        for await (const chunk of client.query(copyToStream(`COPY (${query}) TO STDOUT`))) chunks.push(chunk as Buffer);
        await client.query("COMMIT");
        return Buffer.concat(chunks);
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      }
    },
    async transaction(body, options) {
      await client.query("BEGIN");
      try {
        // Two runs against one server serialise here: the second waits for the first's commit.
        if (options?.lock !== false) await client.query("SELECT pg_advisory_xact_lock($1)", [WRITER_LOCK_KEY]);
        const result = await body(base);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      }
    },
    async close() {
      await client.end();
    },
  };
}
