import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { builtinSchema } from "@tenet/parser";
import { compile } from "@tenet/evaluator";
import { loadPolicies } from "../policies/load-policies.js";
import { loadCatalog } from "../report/catalog.js";
import { FrameworkAccumulator } from "../report/framework-report.js";
import { recordEvaluator } from "../run/evaluate-record.js";
import { briefOf, Summary, type OutputRecord } from "./output-record.js";
import { htmlRenderer } from "./render-html.js";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const NOW = "2026-11-25T12:00:00Z";
const policyDir = join(ROOT, "policies");
const policies = loadPolicies([policyDir], { now: Date.parse(NOW) });
const { catalog } = loadCatalog(undefined, [policyDir]);
const tenant = JSON.parse(readFileSync(join(ROOT, "examples/tenant.json"), "utf8")) as Record<string, unknown>;
const run = recordEvaluator(compile(policies.set), builtinSchema("device"), {
  now: NOW,
  format: "html",
  explain: true,
  rules: "all",
  redact: false,
  failOn: "inGracePeriod",
  only: "all",
  checkIn: true,
  tenant,
});
const records: OutputRecord[] = readFileSync(join(ROOT, "examples/fleet/fleet-2000.ndjson"), "utf8")
  .trim()
  .split("\n")
  .slice(0, 500)
  .map((line, index) => run({ source: "fleet-2000.ndjson", line: index + 1, index, raw: Buffer.from(line) }));

const hostile = run({
  source: "hostile.ndjson",
  line: 1,
  index: 0,
  value: { operatingSystem: "Linux", id: "x", deviceName: "</script><script>alert(1)</script>", isEncrypted: false },
});

/** The report as `check --format html` writes it, digests cloned as they are when they cross from a worker. */
async function html(from: OutputRecord[] = records): Promise<string> {
  const renderer = htmlRenderer({
    now: NOW,
    policySetHash: () => policies.set.hash,
    failOn: "inGracePeriod",
    policySet: () => policies.set,
    frameworks: catalog,
  });
  const summary = new Summary();
  for (const r of from) {
    summary.add(briefOf(r));
    renderer.take(structuredClone(renderer.digest(r)));
  }
  let text = "";
  await renderer.finish(summary, async (chunk) => {
    text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
  });
  return text;
}

describe("html report", () => {
  it("shows every control with the numbers `tenet report` computes for its framework", async () => {
    const page = await html();
    const rows = [
      ...page.matchAll(
        /data-control="([^ "]+) ([^"]+)" data-in-scope="(\d+)" data-passing="(\d+)" data-waived="(\d+)"/g,
      ),
    ].map(([, framework, id, inScope, passing, waived]) => ({ framework, id, inScope, passing, waived }));
    const frameworks = [...new Set(rows.map((r) => r.framework))];
    expect(frameworks.length).toBeGreaterThan(3);
    for (const framework of frameworks) {
      const acc = new FrameworkAccumulator(policies.set, framework!, Date.parse(NOW), catalog);
      for (const r of records) if (r.result !== undefined) acc.add(r.result);
      const report = acc.report();
      expect(
        rows
          .filter((r) => r.framework === framework)
          .map(({ id, inScope, passing, waived }) => [id, Number(inScope), Number(passing), Number(waived)]),
      ).toEqual(report.controls.map((c) => [c.id, c.inScope, c.passing, c.waived]));
      for (const gap of report.gaps) expect(page).toContain(`<code>${gap.id}</code>`);
    }
    // Not a vacuous agreement: some control has devices that fail it.
    expect(rows.some((r) => Number(r.passing) + Number(r.waived) < Number(r.inScope))).toBe(true);
  });

  it("lists every device needing attention and, for a small fleet, the compliant ones too, as JSON rows", async () => {
    const page = await html();
    const island = /<script type="application\/json" id="tenet-devices">(.*?)<\/script>/s.exec(page)?.[1];
    const rows = JSON.parse(island!) as [string, string, string, number][];
    const attention = records.filter((r) => r.result?.state !== "compliant").map((r) => r.result?.deviceName);
    expect(rows.slice(0, attention.length).map((r) => r[0])).toEqual(attention);
    expect(rows).toHaveLength(records.length);
    expect(page).toContain(`All ${attention.length} devices needing attention are listed`);
  });

  it("keeps device data inert: a name cannot close the data island or start a script", async () => {
    const page = await html([hostile]);
    expect(page).not.toContain("<script>alert(1)");
    expect(page).toContain("\\u003c/script>\\u003cscript>alert(1)\\u003c/script>");
  });
});
