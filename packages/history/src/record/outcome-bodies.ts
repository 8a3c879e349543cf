import type { Queryable } from "../driver/driver.js";
import { OUTCOME_KEY } from "../store/migrations.js";
import type { DeviceOutcome } from "./device-outcome.js";

/** An outcome without what belongs to one device (its name and platform, kept in the device row's columns). */
export type OutcomeBody = Omit<DeviceOutcome, "name" | "platform">;

function outcomeBody(outcome: DeviceOutcome): OutcomeBody {
  const { name: _name, platform: _platform, ...body } = outcome;
  return body;
}

/** The whole outcome again, from a stored body and the device row's name and platform columns. */
export function joinOutcome(body: OutcomeBody, platform: string | null, name: string | null): DeviceOutcome {
  return {
    ...body,
    ...(platform === null ? {} : { platform }),
    ...(name === null ? {} : { name }),
  };
}

/**
 * Adds the outcome bodies the store does not hold yet and returns the key of each outcome
 * given, in order. Outcomes with the same body are sent once; the database computes the keys
 * (OUTCOME_KEY), so a body keys the same whichever JSON text carried it.
 */
export async function storeOutcomeBodies(tx: Queryable, outcomes: DeviceOutcome[]): Promise<string[]> {
  const texts = new Map<string, number>();
  const index = outcomes.map((o) => {
    const text = JSON.stringify(outcomeBody(o));
    let i = texts.get(text);
    if (i === undefined) texts.set(text, (i = texts.size));
    return i;
  });
  if (texts.size === 0) return [];
  const keys = await tx.query<{ hash: string }>(
    `WITH sent AS (SELECT t::jsonb AS body, n FROM unnest($1::text[]) WITH ORDINALITY AS u (t, n)),
     keyed AS (SELECT ${OUTCOME_KEY} AS hash, body, n FROM sent),
     added AS (INSERT INTO outcomes (hash, body) SELECT DISTINCT ON (hash) hash, body FROM keyed ` +
      `ON CONFLICT (hash) DO NOTHING)
     SELECT hash FROM keyed ORDER BY n`,
    [[...texts.keys()]],
  );
  return index.map((i) => keys[i]!.hash);
}

/** The stored bodies of the given keys, each read once. */
export async function readOutcomeBodies(db: Queryable, keys: Iterable<string>): Promise<Map<string, OutcomeBody>> {
  const rows = await db.query<{ hash: string; body: OutcomeBody }>(
    "SELECT hash, body FROM outcomes WHERE hash = ANY($1::text[])",
    [[...new Set(keys)]],
  );
  return new Map(rows.map((r) => [r.hash, r.body]));
}
