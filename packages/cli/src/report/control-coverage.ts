import type { CheckedPolicySet } from "@tenet/parser";
import type { DeviceResult } from "@tenet/evaluator";
import type { FrameworkCatalog } from "./catalog.js";

/** One control of a framework and what evidences it: the covering rules (and access policies) and open waivers. */
export interface ControlDefinition {
  framework: string;
  id: string;
  title: string;
  /** `policy.rule` ids, then `access NAME` for access policies that cite the control. */
  rules: string[];
  waivers: { name: string; expires: string }[];
}

/** A device's outcome for one control: none of its rules applied, all passed, all passed or were waived, or not. */
export const OUTCOME = { notInScope: 0, pass: 1, waived: 2, fail: 3 } as const;
export type Outcome = (typeof OUTCOME)[keyof typeof OUTCOME];

/**
 * The controls a policy set cites, per framework, and how one device fares on each: the one
 * computation behind `tenet report` and the HTML report's control coverage, so they agree.
 * A device is in scope of a control when at least one covering rule applied to it (neither
 * notApplicable nor absent); it passes when every such rule passed, and is waived when every
 * one passed or was waived.
 */
export class ControlIndex {
  readonly controls: ControlDefinition[] = [];

  /** `frameworks` limits the index to those frameworks (default: every framework the policies cite). */
  constructor(set: CheckedPolicySet, nowMs: number, catalog: FrameworkCatalog, frameworks?: string[]) {
    const byKey = new Map<string, ControlDefinition>();
    const wanted = frameworks === undefined ? undefined : new Set(frameworks);
    const entry = (framework: string, id: string): ControlDefinition => {
      const key = `${framework}\u0000${id}`;
      let found = byKey.get(key);
      if (found === undefined) {
        found = { framework, id, title: catalog[framework]?.controls[id] ?? "", rules: [], waivers: [] };
        byKey.set(key, found);
      }
      return found;
    };
    for (const policy of set.compliance)
      for (const rule of policy.rules)
        for (const c of rule.controls) {
          if (wanted !== undefined && !wanted.has(c.framework)) continue;
          const e = entry(c.framework, c.id);
          if (!e.rules.includes(rule.id)) e.rules.push(rule.id);
        }
    // Access policies evidence controls too (MFA, legacy-auth blocks); they have no per-device pass rate.
    for (const access of set.access)
      for (const c of access.controls) {
        if (wanted !== undefined && !wanted.has(c.framework)) continue;
        entry(c.framework, c.id).rules.push(`access ${access.name}`);
      }
    for (const e of byKey.values())
      for (const w of set.waivers) {
        const covers = w.rules.some((r) => e.rules.some((id) => id === `${r.policy}.${r.rule ?? id.split(".")[1]}`));
        if (covers && w.expiresMillis > nowMs && !e.waivers.some((x) => x.name === w.name))
          e.waivers.push({ name: w.name, expires: new Date(w.expiresMillis).toISOString().slice(0, 10) });
      }
    this.controls = [...byKey.values()].sort(
      (a, b) => a.framework.localeCompare(b.framework) || a.id.localeCompare(b.id, "en", { numeric: true }),
    );
  }

  /** The device's outcome per control, in `controls` order. */
  outcomes(result: DeviceResult): Outcome[] {
    const statuses = new Map<string, string>();
    for (const p of result.policies) for (const r of p.rules) statuses.set(r.id, r.status);
    return this.controls.map((c) => {
      let seen = false;
      let outcome: Outcome = OUTCOME.pass;
      for (const id of c.rules) {
        const s = statuses.get(id);
        if (s === undefined || s === "notApplicable") continue;
        seen = true;
        if (s === "waived") outcome = outcome === OUTCOME.fail ? outcome : OUTCOME.waived;
        else if (s !== "pass") outcome = OUTCOME.fail;
      }
      return seen ? outcome : OUTCOME.notInScope;
    });
  }

  /** Controls of the catalog's `framework` that no rule or access policy cites. */
  gaps(catalog: FrameworkCatalog, framework: string): { id: string; title: string }[] {
    const cited = new Set(this.controls.filter((c) => c.framework === framework).map((c) => c.id));
    return Object.entries(catalog[framework]?.controls ?? {})
      .filter(([id]) => !cited.has(id))
      .map(([id, title]) => ({ id, title }));
  }
}

/** Per control, the devices in scope, passing and passing only thanks to a waiver. */
export class ControlTally {
  devices = 0;
  readonly inScope: number[];
  readonly passing: number[];
  readonly waived: number[];

  constructor(size: number) {
    this.inScope = new Array<number>(size).fill(0);
    this.passing = new Array<number>(size).fill(0);
    this.waived = new Array<number>(size).fill(0);
  }

  add(outcomes: readonly Outcome[]): void {
    this.devices++;
    outcomes.forEach((o, i) => {
      if (o === OUTCOME.notInScope) return;
      this.inScope[i]!++;
      if (o === OUTCOME.pass) this.passing[i]!++;
      else if (o === OUTCOME.waived) this.waived[i]!++;
    });
  }
}
