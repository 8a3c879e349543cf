// `pnpm bench:assign`: the cost of Intune assignment resolution. 100,000 devices, 200 policies,
// 2,000 groups (200 of them nesting others), 20 assignment filters: index build, evaluation per
// device with and without assignments, and end-to-end `tenet check`. Writes its section of
// docs/benchmarks.md (between the `assignments` markers, which `pnpm bench` keeps). Figures are
// measured here, never asserted in tests.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { loadPolicySources, parseInstant } from "@tenet/parser";
import { buildMembershipIndex, compile, prepare, type MembershipIndex } from "@tenet/evaluator";
import { BENCH_CACHE, deviceGenerator, FLEET_NOW, prng } from "./fleet.js";
import { summarize, timeMs } from "./measure.js";

const root = new URL("../../../", import.meta.url).pathname;
const DEVICES = 100_000;
const USERS = 20_000;
const POLICIES = 200;
const USER_GROUPS = 1_400;
const DEVICE_GROUPS = 400;
const NESTED_GROUPS = 200;
const FILTERS = 20;
const REPS = 3;
/** End-to-end runs take minutes each on a shared machine: one per variant. */
const E2E_REPS = 1;
const random = prng(1414);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
const gid = (i: number) => `g-${i}`;
let sink = 0;

// Devices: the bench fleet, each with a primary user (10% without: kiosks, shared) and an Entra device id.
const next = deviceGenerator(42);
const devices = Array.from({ length: DEVICES }, (_, i) => {
  const d = next(i);
  d["userId"] = random() < 0.1 ? "" : `u-${Math.floor(random() * USERS)}`;
  d["azureADDeviceId"] = `aad-${i}`;
  d["enrollmentProfileName"] = random() < 0.05 ? "Kiosk lobby" : "Autopilot staff";
  return d;
});

// Groups: user groups and device groups with their transitive members, and groups that nest
// others through `members` (expanded when the index is built).
const groups: Record<string, unknown>[] = [];
for (let g = 0; g < USER_GROUPS; g++) {
  groups.push({
    id: gid(g),
    displayName: `Users ${g}`,
    transitiveMembers: Array.from({ length: 300 }, () => ({
      "@odata.type": "#microsoft.graph.user",
      id: `u-${Math.floor(random() * USERS)}`,
    })),
  });
}
for (let g = USER_GROUPS; g < USER_GROUPS + DEVICE_GROUPS; g++) {
  groups.push({
    id: gid(g),
    displayName: `Devices ${g}`,
    transitiveMembers: Array.from({ length: 500 }, () => {
      const i = Math.floor(random() * DEVICES);
      return { "@odata.type": "#microsoft.graph.device", id: `o-${i}`, deviceId: `aad-${i}` };
    }),
  });
}
for (let g = USER_GROUPS + DEVICE_GROUPS; g < USER_GROUPS + DEVICE_GROUPS + NESTED_GROUPS; g++) {
  const nested = Array.from({ length: 5 }, () => ({
    "@odata.type": "#microsoft.graph.group",
    id: gid(Math.floor(random() * g)),
  }));
  const users = Array.from({ length: 20 }, () => ({
    "@odata.type": "#microsoft.graph.user",
    id: `u-${Math.floor(random() * USERS)}`,
  }));
  groups.push({ id: gid(g), displayName: `Nested ${g}`, members: [...nested, ...users] });
}

// Filters per platform, and 200 policies of three rules, each with inclusions, exclusions and (half of them) a filter.
const PLATFORMS = ["windows", "macOS", "iOS", "android"] as const;
const FILTER_RULES = [
  'device.deviceOwnership -eq \\"Corporate\\"',
  'device.manufacturer -startsWith \\"Micro\\" or device.model -contains \\"Pro\\"',
  "device.operatingSystemVersion -ge 10.0",
  'device.deviceName -startsWith \\"KIOSK\\"',
  'device.deviceName -in [\\"LOBBY-1\\", \\"LOBBY-2\\"]',
];
const filterText = Array.from(
  { length: FILTERS },
  (_, f) =>
    `filter f${f} {\n  platform ${PLATFORMS[f % 4]}\n  rule "${FILTER_RULES[Math.floor(f / 4) % FILTER_RULES.length]}"\n}\n`,
).join("\n");
// Inclusions and exclusions draw from different groups: Intune takes each group once per policy.
const userGroup = () => gid(Math.floor(random() * (USER_GROUPS - 400)));
const excludedUsers = () => gid(USER_GROUPS - 400 + Math.floor(random() * 400));
const deviceGroup = () => gid(USER_GROUPS + Math.floor(random() * (DEVICE_GROUPS - 100)));
const excludedDevices = () => gid(USER_GROUPS + DEVICE_GROUPS - 100 + Math.floor(random() * 100));
const nestedGroup = () => gid(USER_GROUPS + DEVICE_GROUPS + Math.floor(random() * NESTED_GROUPS));
const policyText = (withAssignments: boolean) =>
  (withAssignments ? filterText : "") +
  Array.from({ length: POLICIES }, (_, p) => {
    const platform = PLATFORMS[p % 4]!;
    const lines = [`compliance p${p} {`, `  platform ${platform}`];
    if (withAssignments) {
      const filter =
        p % 2 === 0
          ? ` filter ${pick(["include", "exclude"])} f${(p % 4) + 4 * Math.floor(random() * (FILTERS / 4))}`
          : "";
      const r = random();
      if (r < 0.1) lines.push(`  assign include all users${filter}`);
      else if (r < 0.2) lines.push(`  assign include all devices${filter}`);
      else
        lines.push(
          `  assign include group "${r < 0.5 ? userGroup() : nestedGroup()}"${filter}`,
          `  assign include group "${deviceGroup()}"`,
        );
      lines.push(`  assign exclude group "${excludedUsers()}"`, `  assign exclude group "${excludedDevices()}"`);
    }
    lines.push(
      '  rule enc "Encrypted" { require device.isEncrypted == true remediation "Encrypt the disk" }',
      '  rule active "Checked in" { require device.lastSyncDateTime within 30d remediation "Sync the device" }',
      '  rule owner "Known owner" { require device.managedDeviceOwnerType in ["company", "personal"] remediation "Set the owner" }',
      "}",
    );
    return lines.join("\n");
  }).join("\n\n");

const texts = { with: policyText(true), without: policyText(false) };
const load = (text: string) => {
  const r = loadPolicySources([{ path: "assign-bench.tenet", text }]);
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new Error(`bench policies do not check: ${errors[0]!.message}`);
  return compile(r.value);
};
const compiled = { with: load(texts.with), without: load(texts.without) };

// 1. Building the index (nested groups expanded).
const indexMs: number[] = [];
let index: MembershipIndex | undefined;
for (let r = 0; r < REPS; r++) indexMs.push(timeMs(() => (index = buildMembershipIndex(groups).index)));
const memberEntries = [...index!.groups.values()].reduce((n, g) => n + g.users.size + g.devices.size, 0);

// 2. Evaluation in memory, with and without assignments, taking turns within each repetition.
const now = parseInstant(FLEET_NOW).value!;
const runs = {
  with: prepare(compiled.with, { now, explain: false, rules: "failures", memberships: index! }),
  without: prepare(compiled.without, { now, explain: false, rules: "failures" }),
};
const perDevice: Record<"with" | "without", number[]> = { with: [], without: [] };
let assignedTotal = 0;
let unknownTotal = 0;
for (const d of devices.slice(0, 2_000)) {
  runs.with.evaluate(d);
  runs.without.evaluate(d);
}
for (let r = 0; r < REPS; r++) {
  for (const k of ["without", "with"] as const) {
    const ms = timeMs(() => {
      for (const d of devices) {
        const res = runs[k].evaluate(d);
        sink += res.policies.length;
        if (k === "with" && r === 0) {
          assignedTotal += res.assigned?.length ?? 0;
          for (const p of res.policies) if (p.assignment?.status === "unknown") unknownTotal++;
        }
      }
    });
    perDevice[k].push((ms * 1000) / DEVICES);
  }
}

// 3. End to end: `tenet check` over the same devices, policies and memberships.
const dir = `${BENCH_CACHE}assign-bench/`;
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}devices.ndjson`, devices.map((d) => JSON.stringify(d)).join("\n") + "\n");
writeFileSync(`${dir}groups.ndjson`, groups.map((g) => JSON.stringify(g)).join("\n") + "\n");
writeFileSync(`${dir}with.tenet`, texts.with);
writeFileSync(`${dir}without.tenet`, texts.without);
const cli = `${root}packages/cli/dist/bin/tenet.js`;
const check = (policy: string, jobs: number, groupsFile?: string) =>
  timeMs(() => {
    const args = [
      cli,
      "check",
      "-p",
      `${dir}${policy}.tenet`,
      `${dir}devices.ndjson`,
      "--now",
      FLEET_NOW,
      "--format",
      "csv",
      "--fail-on",
      "never",
      "--jobs",
      String(jobs),
      "-o",
      `${dir}out.csv`,
      "-q",
    ];
    execFileSync(process.execPath, groupsFile === undefined ? args : [...args, "--groups", groupsFile], {
      stdio: "ignore",
    });
  }) / 1000;
const e2e: Record<string, number[]> = {
  "without, --jobs 1": [],
  "with, --jobs 1": [],
  "without, --jobs 2": [],
  "with, --jobs 2": [],
};
for (let r = 0; r < E2E_REPS; r++) {
  for (const jobs of [1, 2]) {
    e2e[`without, --jobs ${jobs}`]!.push(check("without", jobs));
    e2e[`with, --jobs ${jobs}`]!.push(check("with", jobs, `${dir}groups.ndjson`));
  }
}

const med = (xs: number[]) => summarize(xs).median;
const f2 = (n: number) => n.toFixed(2);
const int = (n: number) => Math.round(n).toLocaleString("en-US");
const table = [
  "| What | Median | Slowest of " + REPS + " |",
  "|---|---|---|",
  `| Build the membership index (${int(groups.length)} groups, ${int(memberEntries)} member entries ` +
    `after expanding ${NESTED_GROUPS} nesting groups) | ${f2(med(indexMs))} ms | ` +
    `${f2(Math.max(...indexMs))} ms |`,
  `| Evaluate, 200 policies without assignments | ${f2(med(perDevice.without))} µs/device | ` +
    `${f2(Math.max(...perDevice.without))} µs/device |`,
  `| Evaluate, the same 200 policies with assignments and filters | ${f2(med(perDevice.with))} µs/device ` +
    `| ${f2(Math.max(...perDevice.with))} µs/device |`,
  `| Assignment resolution (the difference) | ${f2(med(perDevice.with) - med(perDevice.without))} µs/device | |`,
  ...Object.entries(e2e).map(
    ([k, v]) => `| \`tenet check --format csv\` ${int(DEVICES)} devices, ${k} (one run) | ${f2(med(v))} s | |`,
  ),
].join("\n");
const section = `<!-- assignments:begin -->
## Assignments

Measured by \`pnpm bench:assign\` (packages/bench/src/assign-bench.ts) on ${new Date().toISOString().slice(0, 10)}:
${os.cpus()[0]?.model.trim() ?? "cpu"}, ${os.cpus().length} cores, Node ${process.version};
load average ${os.loadavg()[0]!.toFixed(1)} when the run started. ${int(DEVICES)} generated
devices (10% without a primary user), ${POLICIES} compliance policies of three rules over four
platforms, ${int(groups.length)} groups (${USER_GROUPS} user groups of 300 members, ${DEVICE_GROUPS}
device groups of 500, ${NESTED_GROUPS} groups nesting five others each), ${FILTERS} assignment
filters. Each policy has one or two inclusions (a user or nesting group plus a device group,
or All users or All devices), a user-group and a device-group exclusion, and every second one
a filter. The runs with and without assignments evaluate the same rules (\`explain: false\`,
\`rules: "failures"\`) and take turns within each repetition. With assignments, each device
had ${f2(assignedTotal / DEVICES)} policies assigned on average and ${int(unknownTotal)} policy
results were \`unknown\` (filters over facts the generated devices lack).

${table}

The end-to-end runs with assignments include reading \`groups.ndjson\` and building the index (on every worker too).
<!-- assignments:end -->`;
const docPath = `${root}docs/benchmarks.md`;
const doc = readFileSync(docPath, "utf8");
const marked = /<!-- assignments:begin -->[\s\S]*<!-- assignments:end -->/;
writeFileSync(docPath, marked.test(doc) ? doc.replace(marked, section) : `${doc.trimEnd()}\n\n${section}\n`);
console.log(table);
if (sink === -1) console.log(sink);
