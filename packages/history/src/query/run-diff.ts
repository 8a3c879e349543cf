import type { Queryable } from "../driver/driver.js";
import type { DeviceOutcome } from "../record/device-outcome.js";
import { fleetAt } from "./fleet-at.js";

export type DiffKind = "newly failing" | "fixed" | "still failing" | "changed reason" | "appeared" | "disappeared";

export interface DiffEntry {
  deviceId: string;
  kind: DiffKind;
  before?: string;
  after?: string;
  details: string[];
}

const failing = (o: DeviceOutcome) => o.state === "noncompliant" || o.state === "error" || o.state === "inGracePeriod";

function reasons(o: DeviceOutcome): string[] {
  return o.policies
    .flatMap((p) => p.failing.filter((r) => r.status !== "waived").map((r) => `${p.policy}.${r.rule} ${r.status}`))
    .sort();
}

/** Devices that started failing, were fixed, still fail (and whether for other rules) between two runs. */
export async function diffRuns(db: Queryable, a: number, b: number): Promise<DiffEntry[]> {
  const before = new Map((await fleetAt(db, a)).map((d) => [d.deviceId, d.outcome]));
  const after = new Map((await fleetAt(db, b)).map((d) => [d.deviceId, d.outcome]));
  const out: DiffEntry[] = [];
  for (const id of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const x = before.get(id);
    const y = after.get(id);
    if (x === undefined) out.push({ deviceId: id, kind: "appeared", after: y!.state, details: reasons(y!) });
    else if (y === undefined) out.push({ deviceId: id, kind: "disappeared", before: x.state, details: [] });
    else if (!failing(x) && failing(y))
      out.push({ deviceId: id, kind: "newly failing", before: x.state, after: y.state, details: reasons(y) });
    else if (failing(x) && !failing(y))
      out.push({ deviceId: id, kind: "fixed", before: x.state, after: y.state, details: reasons(x) });
    else if (failing(x) && failing(y)) {
      const rx = reasons(x).join("; ");
      const ry = reasons(y).join("; ");
      out.push({
        deviceId: id,
        kind: rx === ry ? "still failing" : "changed reason",
        before: x.state,
        after: y.state,
        details: rx === ry ? reasons(y) : [`was: ${rx}`, `now: ${ry}`],
      });
    }
  }
  return out;
}
