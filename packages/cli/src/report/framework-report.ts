import type { CheckedPolicySet } from "@tenet/parser";
import type { DeviceResult } from "@tenet/evaluator";
import type { FrameworkCatalog } from "./catalog.js";

export interface ControlReport {
  id: string;
  title: string;
  rules: string[];
  /** Devices for which at least one covering rule applied. */
  inScope: number;
  /** Of those, devices for which every covering rule passed (waived counts separately). */
  passing: number;
  waived: number;
  waivers: { name: string; expires: string }[];
}

export interface FrameworkReport {
  framework: string;
  title: string;
  devices: number;
  controls: ControlReport[];
  /** Controls of the framework no rule maps to. */
  gaps: { id: string; title: string }[];
}

/** Accumulates, per control of a framework, how much of the fleet its rules pass. */
export class FrameworkAccumulator {
  private readonly controls = new Map<string, ControlReport>();
  private devices = 0;

  constructor(
    private readonly set: CheckedPolicySet,
    private readonly framework: string,
    private readonly nowMs: number,
    private readonly catalog: FrameworkCatalog,
  ) {
    const known = catalog[framework]?.controls ?? {};
    for (const policy of set.compliance) {
      for (const rule of policy.rules) {
        for (const c of rule.controls.filter((x) => x.framework === framework)) {
          const entry = this.controls.get(c.id) ?? {
            id: c.id,
            title: known[c.id] ?? "",
            rules: [],
            inScope: 0,
            passing: 0,
            waived: 0,
            waivers: [],
          };
          if (!entry.rules.includes(rule.id)) entry.rules.push(rule.id);
          this.controls.set(c.id, entry);
        }
      }
    }
    // Access policies evidence controls too (MFA, legacy-auth blocks); they have no per-device pass rate.
    for (const access of set.access) {
      for (const c of access.controls.filter((x) => x.framework === framework)) {
        const entry = this.controls.get(c.id) ?? {
          id: c.id,
          title: known[c.id] ?? "",
          rules: [],
          inScope: 0,
          passing: 0,
          waived: 0,
          waivers: [],
        };
        entry.rules.push(`access ${access.name}`);
        this.controls.set(c.id, entry);
      }
    }
    for (const entry of this.controls.values()) {
      for (const w of set.waivers) {
        const covers = w.rules.some((r) =>
          entry.rules.some((id) => id === `${r.policy}.${r.rule ?? id.split(".")[1]}`),
        );
        if (covers && w.expiresMillis > nowMs && !entry.waivers.some((x) => x.name === w.name))
          entry.waivers.push({ name: w.name, expires: new Date(w.expiresMillis).toISOString().slice(0, 10) });
      }
    }
  }

  add(result: DeviceResult): void {
    this.devices++;
    const statuses = new Map(result.policies.flatMap((p) => p.rules.map((r) => [r.id, r.status] as const)));
    for (const entry of this.controls.values()) {
      const seen = entry.rules.map((id) => statuses.get(id)).filter((s) => s !== undefined && s !== "notApplicable");
      if (seen.length === 0) continue;
      entry.inScope++;
      if (seen.every((s) => s === "pass")) entry.passing++;
      else if (seen.every((s) => s === "pass" || s === "waived")) entry.waived++;
    }
  }

  report(): FrameworkReport {
    const catalog = this.catalog[this.framework];
    const controls = [...this.controls.values()].sort((a, b) => a.id.localeCompare(b.id, "en", { numeric: true }));
    const gaps = Object.entries(catalog?.controls ?? {})
      .filter(([id]) => !this.controls.has(id))
      .map(([id, title]) => ({ id, title }));
    return {
      framework: this.framework,
      title: catalog?.title ?? this.framework,
      devices: this.devices,
      controls,
      gaps,
    };
  }
}

export function frameworkText(r: FrameworkReport): string {
  const pct = (n: number, d: number) => (d === 0 ? "  n/a" : `${((100 * n) / d).toFixed(1).padStart(5)}%`);
  const lines = [`${r.title} (${r.framework}): ${r.devices} devices`, ""];
  for (const c of r.controls) {
    lines.push(
      `${c.id.padEnd(22)} ${pct(c.passing, c.inScope)} of ${c.inScope} in-scope devices pass${c.waived > 0 ? `, ${c.waived} waived` : ""}  ${c.title}`,
    );
    lines.push(`${" ".repeat(23)}rules: ${c.rules.join(", ")}`);
    for (const w of c.waivers) lines.push(`${" ".repeat(23)}open waiver: ${w.name} (expires ${w.expires})`);
  }
  if (r.gaps.length > 0)
    lines.push("", "Gaps (controls no rule covers):", ...r.gaps.map((g) => `  ${g.id.padEnd(22)} ${g.title}`));
  return `${lines.join("\n")}\n`;
}
