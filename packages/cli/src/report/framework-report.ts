import type { CheckedPolicySet } from "@tenet/parser";
import type { DeviceResult } from "@tenet/evaluator";
import type { FrameworkCatalog } from "./catalog.js";
import { ControlIndex, ControlTally } from "./control-coverage.js";

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

/** Accumulates, per control of a framework, how much of the fleet its rules pass (see `ControlIndex`). */
export class FrameworkAccumulator {
  private readonly index: ControlIndex;
  private readonly tally: ControlTally;

  constructor(
    set: CheckedPolicySet,
    private readonly framework: string,
    nowMs: number,
    private readonly catalog: FrameworkCatalog,
  ) {
    this.index = new ControlIndex(set, nowMs, catalog, [framework]);
    this.tally = new ControlTally(this.index.controls.length);
  }

  add(result: DeviceResult): void {
    this.tally.add(this.index.outcomes(result));
  }

  report(): FrameworkReport {
    return frameworkReport(this.index, this.tally, this.catalog, this.framework);
  }
}

/** One framework's report from a control index and its tally (the HTML report builds the same from its own). */
export function frameworkReport(
  index: ControlIndex,
  tally: ControlTally,
  catalog: FrameworkCatalog,
  framework: string,
): FrameworkReport {
  const controls: ControlReport[] = [];
  index.controls.forEach((c, i) => {
    if (c.framework !== framework) return;
    controls.push({
      id: c.id,
      title: c.title,
      rules: c.rules,
      inScope: tally.inScope[i]!,
      passing: tally.passing[i]!,
      waived: tally.waived[i]!,
      waivers: c.waivers,
    });
  });
  return {
    framework,
    title: catalog[framework]?.title ?? framework,
    devices: tally.devices,
    controls,
    gaps: index.gaps(catalog, framework),
  };
}

export function frameworkText(r: FrameworkReport): string {
  const pct = (n: number, d: number) => (d === 0 ? "  n/a" : `${((100 * n) / d).toFixed(1).padStart(5)}%`);
  const lines = [`${r.title} (${r.framework}): ${r.devices} devices`, ""];
  for (const c of r.controls) {
    lines.push(
      `${c.id.padEnd(22)} ${pct(c.passing, c.inScope)} of ${c.inScope} in-scope devices pass` +
        `${c.waived > 0 ? `, ${c.waived} waived` : ""}  ${c.title}`,
    );
    lines.push(`${" ".repeat(23)}rules: ${c.rules.join(", ")}`);
    for (const w of c.waivers) lines.push(`${" ".repeat(23)}open waiver: ${w.name} (expires ${w.expires})`);
  }
  if (r.gaps.length > 0)
    lines.push("", "Gaps (controls no rule covers):", ...r.gaps.map((g) => `  ${g.id.padEnd(22)} ${g.title}`));
  return `${lines.join("\n")}\n`;
}
