// `pnpm bench:sizes`: the size of `tenet check`'s output in every format for a generated fleet
// (300,000 devices by default, seed 7 as tests/cli/fleet-scale.test.ts), all records and
// `--only failing`. Sizes, not speed: they do not depend on the machine's load.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeFleet } from "../dist/fleet.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const bin = join(root, "packages/cli/dist/bin/tenet.js");
const count = Number(process.argv[2] ?? 300_000);
const dir = mkdtempSync(join(tmpdir(), "tenet-sizes-"));
const fleet = join(dir, "fleet.ndjson");
await writeFleet(fleet, count, 7);

const runs = [
  ["json", []],
  ["ndjson", []],
  ["ndjson", ["--full"]],
  ["json", ["--full"]],
  ["csv", []],
  ["table", []],
  ["junit", []],
  ["sarif", []],
  ["github", []],
];
const mb = (bytes) => (bytes / 1e6).toFixed(1);
const perDevice = (bytes) => Math.round(bytes / count);
console.log(`input: ${count.toLocaleString("en")} devices, ${mb(statSync(fleet).size)} MB NDJSON (seed 7)`);
console.log("| format | all records: MB (bytes/device) | --only failing: MB (bytes/device) |");
console.log("|---|---|---|");

for (const [format, extra] of runs) {
  const sizes = [];
  for (const only of ["all", "failing"]) {
    const out = join(dir, `out.${format}`);
    const args = ["check", "-p", "policies", fleet, "--now", "2026-11-25T12:00:00Z", "-f", format, ...extra];
    args.push("--only", only, "--fail-on", "inGracePeriod", "-o", out);
    try {
      execFileSync(process.execPath, [bin, ...args], { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
    } catch (error) {
      // Exit 1: some device fails the gate, as expected for this fleet.
      if (error.status !== 1) throw error;
    }
    const bytes = statSync(out).size;
    sizes.push(`${mb(bytes)} (${perDevice(bytes)})`);
    rmSync(out);
  }
  console.log(`| ${[format, ...extra].join(" ")} | ${sizes[0]} | ${sizes[1]} |`);
}
rmSync(dir, { recursive: true });
