import type { Queryable } from "../driver/driver.js";

/** One stored outcome of a device, reduced to what failed: the rows a period's transitions are read from. */
export interface FailureSpan {
  deviceId: string;
  fromRun: number;
  /** The run at which the outcome stopped holding (changed, or the device was absent), if by `through`. */
  toRun: number | null;
  /** Policies in a failing state (noncompliant, inGracePeriod, error). */
  policies: string[];
  /** `policy.rule` of rules that failed, erred or were unknown (waived ones are in `waived`). */
  rules: string[];
  waived: string[];
  /** Waivers that applied to the device. */
  waivers: string[];
}

const words = (text: string | null): string[] => (text === null || text === "" ? [] : text.split(" "));

/**
 * Every device's outcomes up to run `through`, oldest first per device, as failing policies and
 * rules: read with SQL from the stored outcomes (and the `failing` column), never parsed whole;
 * a year of spans stays a few columns per row, and each distinct outcome is read once.
 */
export async function failureSpans(db: Queryable, through: number): Promise<FailureSpan[]> {
  const rows = await db.query<{
    device_id: string;
    from_run: number;
    to_run: number | null;
    failing: string | null;
    outcome_ref: string;
  }>(
    `SELECT device_id, from_run, CASE WHEN to_run <= $1 THEN to_run END AS to_run, failing, outcome_ref
     FROM device_spans WHERE from_run <= $1 ORDER BY device_id, from_run`,
    [through],
  );
  // The rules and waivers of each distinct outcome, read once whatever the number of rows sharing it.
  const outcomes = await db.query<{
    hash: string;
    rules: string | null;
    waived: string | null;
    waivers: string | null;
  }>(
    `SELECT hash,
       (SELECT string_agg((p->>'policy') || '.' || (r->>'rule'), ' ') FROM jsonb_array_elements(body->'policies') p,
          jsonb_array_elements(p->'failing') r WHERE r->>'status' <> 'waived') AS rules,
       (SELECT string_agg((p->>'policy') || '.' || (r->>'rule'), ' ') FROM jsonb_array_elements(body->'policies') p,
          jsonb_array_elements(p->'failing') r WHERE r->>'status' = 'waived') AS waived,
       (SELECT string_agg(w, ' ') FROM jsonb_array_elements_text(body->'waivers') w) AS waivers
     FROM outcomes`,
  );
  const byHash = new Map(outcomes.map((o) => [o.hash, o]));
  return rows.map((r) => {
    const o = byHash.get(r.outcome_ref)!;
    return {
      deviceId: r.device_id,
      fromRun: r.from_run,
      toRun: r.to_run,
      policies: words(r.failing).map((x) => x.slice(0, x.lastIndexOf(":"))),
      rules: words(o.rules),
      waived: words(o.waived),
      waivers: words(o.waivers),
    };
  });
}
