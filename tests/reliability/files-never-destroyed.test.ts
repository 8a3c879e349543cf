/** `-o` never destroys a file: validated first, written to a temporary file and renamed, never over an input. */
import { spawn, spawnSync } from "node:child_process";
import {
  copyFileSync,
  rmSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  closeSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { writeFleet } from "../../packages/bench/src/fleet.js";
import { NOW, ROOT, tenet } from "../cli/run-cli.js";

const MAIN = join(ROOT, "packages/cli/dist/bin/tenet.js");
const dir = mkdtempSync(join(tmpdir(), "tenet-files-"));
const fleet = join(dir, "fleet.ndjson");
const PREVIOUS = "previous results\n";
const devices = join(ROOT, "examples/fleet/devices.ndjson");

beforeAll(async () => {
  await writeFleet(fleet, 60_000, 3);
});

const previousOutput = (name: string) => {
  const path = join(dir, name);
  writeFileSync(path, PREVIOUS);
  return path;
};
const leftovers = () => readdirSync(dir).filter((f) => f.endsWith(".tmp"));

describe("-o is validated before it is touched", () => {
  it("leaves the previous file intact on a usage error (bad --now) and on policy errors", () => {
    const out = previousOutput("usage.ndjson");
    expect(tenet(["check", "-p", "policies", devices, "--now", "yesterday", "-o", out]).code).toBe(2);
    expect(readFileSync(out, "utf8")).toBe(PREVIOUS);
    const bad = join(dir, "bad.tenet");
    writeFileSync(bad, "compliance x { rule r { require device. } }\n");
    expect(tenet(["check", "-p", bad, devices, "--now", NOW, "-o", out]).code).toBe(3);
    expect(readFileSync(out, "utf8")).toBe(PREVIOUS);
    expect(leftovers()).toEqual([]);
  });

  it("refuses -o naming an input, a policy file or the audit log (by real path), which stay intact", () => {
    const input = join(dir, "input.ndjson");
    copyFileSync(devices, input);
    const policyDir = join(dir, "pol");
    mkdirSync(policyDir, { recursive: true });
    const policy = join(policyDir, "windows.tenet");
    copyFileSync(join(ROOT, "policies/compliance/windows.tenet"), policy);
    const log = join(dir, "audit.ndjson");
    expect(tenet(["check", "-p", policyDir, input, "--now", NOW, "--audit-log", log]).code).not.toBe(70);
    const before = [input, policy, log].map((p) => readFileSync(p, "utf8"));
    for (const [target, what] of [
      [input, "an input"],
      [`${dir}/./pol/../input.ndjson`, "an input"],
      [policy, "a policy file"],
      [log, "the audit log"],
    ] as const) {
      const r = tenet(["check", "-p", policyDir, input, "--now", NOW, "--audit-log", log, "-o", target]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("CP5062");
      expect(r.stderr).toContain(what);
    }
    expect([input, policy, log].map((p) => readFileSync(p, "utf8"))).toEqual(before);
    expect(tenet(["lint", policyDir, "-o", policy]).code).toBe(2);
    expect(readFileSync(policy, "utf8")).toBe(before[1]);
  });
});

describe("write errors", () => {
  it("a full disk (standard output on /dev/full) is a coded message and exit 74, not a stack trace", () => {
    const full = openSync("/dev/full", "w");
    const r = spawnSync(
      process.execPath,
      [MAIN, "check", "-p", "policies", devices, "--now", NOW, "--format", "ndjson"],
      { cwd: ROOT, stdio: ["ignore", full, "pipe"], encoding: "utf8" },
    );
    closeSync(full);
    expect(r.stderr).toContain("CP5064");
    expect(r.stderr).toContain("no space left on device");
    expect(r.stderr).not.toContain("    at ");
    expect(r.status).toBe(74);
  });

  it("a closed pipe ends quietly with 141 (128 + SIGPIPE)", async () => {
    const child = spawn(
      process.execPath,
      [MAIN, "check", "-p", "policies", fleet, "--now", NOW, "--format", "ndjson", "--jobs", "1"],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).toBe("");
    expect(code).toBe(141);
  });

  it("import and export with an unwritable -o exit 2 with a coded message", () => {
    // Under a regular file: unwritable even for root.
    const blocker = join(dir, "blocker");
    writeFileSync(blocker, "");
    const target = join(blocker, "sub");
    const ex = tenet(["export", "intune", "policies/compliance/windows.tenet", "-o", target]);
    expect(ex.code).toBe(2);
    expect(ex.stderr).toContain("CP5063");
    const graph = join(dir, "graph.json");
    const exported = mkdtempSync(join(dir, "exp-"));
    expect(tenet(["export", "intune", "policies/compliance/windows.tenet", "-o", exported]).code).toBe(0);
    copyFileSync(join(exported, "compliance-policies.json"), graph);
    const im = tenet(["import", "intune", graph, "-o", target]);
    expect(im.code).toBe(2);
    expect(im.stderr).toContain("CP5063");
  });
});

describe("a run killed at any moment", () => {
  it("leaves the previous output file and the audit log intact (SIGKILL at several points)", async () => {
    const out = previousOutput("killed.ndjson");
    const log = join(dir, "killed-audit.ndjson");
    expect(
      tenet(["check", "-p", "policies", devices, "--now", NOW, "--audit-log", log, "-o", join(dir, "first.ndjson")])
        .code,
    ).not.toBe(70);
    const logBefore = readFileSync(log, "utf8");
    // Killed as soon as it starts, then once output has begun (a temporary file exists or the
    // target changed) and at later moments of the same run.
    for (const after of [-1, 0, 150, 600]) {
      const child = spawn(
        process.execPath,
        [
          MAIN,
          "check",
          "-p",
          "policies",
          fleet,
          "--now",
          NOW,
          "--format",
          "ndjson",
          "--jobs",
          "2",
          "--audit-log",
          log,
          "-o",
          out,
        ],
        { cwd: ROOT, stdio: "ignore" },
      );
      if (after >= 0) {
        while (leftovers().length === 0 && readFileSync(out, "utf8") === PREVIOUS && child.exitCode === null)
          await sleep(10);
        await sleep(after);
      }
      child.kill("SIGKILL");
      await new Promise((resolve) => child.on("close", resolve));
      expect(readFileSync(out, "utf8")).toBe(PREVIOUS);
      expect(readFileSync(log, "utf8")).toBe(logBefore);
      expect(tenet(["audit", "verify", log]).code).toBe(0);
      for (const temp of leftovers()) rmSync(join(dir, temp));
    }
  });
});
