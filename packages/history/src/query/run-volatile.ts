import type { Queryable } from "../driver/driver.js";
import { byDeviceId, unpackVolatile } from "../record/volatile-fields.js";

/** A run's volatile fields as stored: the hash it was recorded with and its lines unpacked. */
export interface RunVolatile {
  storedHash: string;
  /** sha256 of the stored body as it reads now (differs from `storedHash` when the body was edited). */
  hash: string;
  values: (Record<string, unknown> | undefined)[];
}

export async function readRunVolatile(db: Queryable, run: number): Promise<RunVolatile | undefined> {
  const row = (
    await db.query<{ hash: string; body: Uint8Array }>("SELECT hash, body FROM run_volatile WHERE run_id = $1", [run])
  )[0];
  if (row === undefined) return undefined;
  const { hash, values } = unpackVolatile(row.body);
  return { storedHash: row.hash, hash, values };
}

/** Each device's volatile fields at a run, given the run's device ids (the lines follow their code-unit order). */
export function volatileByDevice(
  packed: RunVolatile | undefined,
  deviceIds: readonly string[],
): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  if (packed === undefined) return out;
  [...deviceIds].sort(byDeviceId).forEach((id, i) => {
    const v = packed.values[i];
    if (v !== undefined) out.set(id, v);
  });
  return out;
}
