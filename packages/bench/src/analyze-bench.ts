// `pnpm bench:analyze`: classes explored, time and peak RSS of `analyzeAccess` for generated tenants.
import { loadavg } from "node:os";
import { loadPolicySources, parseInstant } from "@tenet/parser";
import { analyzeAccess, compile } from "@tenet/evaluator";
import { analyzeTenantPolicies } from "./analyze-tenant.js";

// `--legacy-blocks`: blocks only on legacy clients (see analyzeTenantPolicies).
const blocks = process.argv.includes("--legacy-blocks") ? "legacyOnly" : "any";
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const now = parseInstant("2026-11-25T12:00:00Z").value!;
console.log(
  `load average before: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
console.log(`blocks: ${blocks === "any" ? "as drawn" : "only on legacy clients"}`);
console.log(
  "| policies | groups | classes explored | product of dimensions | peak frontier | analysis (all findings) | " +
    "requirements only | peak RSS |",
);
console.log("|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const count of sizes.length > 0 ? sizes : [50, 200, 500]) {
  const compiled = compile(
    loadPolicySources([{ path: `tenant-${count}.tenet`, text: analyzeTenantPolicies(count, 500, blocks) }]).value,
  );
  const t0 = process.hrtime.bigint();
  const quick = analyzeAccess(compiled, { now, policyFindings: false });
  const t1 = process.hrtime.bigint();
  analyzeAccess(compiled, { now });
  const t2 = process.hrtime.bigint();
  const ms = (a: bigint, b: bigint) => `${(Number(b - a) / 1e6).toFixed(0)} ms`;
  const s = quick.stats;
  const product = s.product.length > 12 ? `~1e${s.product.length - 1}` : s.product;
  console.log(
    `| ${count} | ${s.dimensions.groups} | ${s.classes} | ${product} | ${s.peakFrontier} | ${ms(t1, t2)} | ` +
      `${ms(t0, t1)} | ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB |`,
  );
}
console.log(
  `load average after: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
