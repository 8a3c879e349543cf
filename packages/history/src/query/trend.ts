import type { Queryable } from "../driver/driver.js";

export type TrendDimension = "platform" | "policy" | "control";

export interface TrendPoint {
  /** The day (UTC) and the last run of that day. */
  day: string;
  run: number;
  key: string;
  /**
   * Devices per state (platform: device states; policy: policy states; control: pass, waived
   * and fail, or passOrWaived and fail for runs recorded before schema version 5).
   */
  states: Record<string, number>;
  /** Share of counted devices passing: compliant (or pass) over all but notApplicable/unknown; waived is not passing. */
  passing: number;
}

const PASSING = new Set(["compliant", "pass", "passOrWaived"]);
const UNCOUNTED = new Set(["notApplicable", "unknown"]);

/** Counts per day over a period, from the per-run tallies: the last run of each day stands for it. */
export async function trend(db: Queryable, by: TrendDimension, from: string, to: string): Promise<TrendPoint[]> {
  const rows = await db.query<{ day: string; run: number; key: string; state: string; devices: number }>(
    `WITH last AS (SELECT substr(at, 1, 10) AS day, max(id) AS run FROM runs WHERE at >= $2 AND at <= $3 GROUP BY substr(at, 1, 10))
     SELECT l.day, l.run, t.key, t.state, t.devices FROM last l JOIN run_tallies t ON t.run_id = l.run AND ` +
      `t.dimension = $1 ORDER BY l.day, t.key, t.state`,
    [by, from, to],
  );
  const points = new Map<string, TrendPoint>();
  for (const r of rows) {
    const k = `${r.day}\u0000${r.key}`;
    let p = points.get(k);
    if (p === undefined) points.set(k, (p = { day: r.day, run: r.run, key: r.key, states: {}, passing: 0 }));
    p.states[r.state] = r.devices;
  }
  for (const p of points.values()) {
    const counted = Object.entries(p.states).filter(([s]) => !UNCOUNTED.has(s));
    const total = counted.reduce((n, [, v]) => n + v, 0);
    p.passing = total === 0 ? 0 : counted.filter(([s]) => PASSING.has(s)).reduce((n, [, v]) => n + v, 0) / total;
  }
  return [...points.values()];
}
