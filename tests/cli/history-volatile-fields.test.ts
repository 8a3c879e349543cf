import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, tenet } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "tenet-volatile-fields-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DEVICE = "a1b2c3d4-0000-4000-8000-000000000003";
const store = join(dir, "store");
// The example laptop on an old Windows build: in its grace period on day 0, noncompliant once the grace period ran out.
const line = readFileSync(join(ROOT, "examples/fleet/devices.ndjson"), "utf8")
  .split("\n")
  .find((l) => l.includes(DEVICE))!;

function day(name: string, lastSync: string): string {
  const file = join(dir, `${name}.ndjson`);
  writeFileSync(file, JSON.stringify({ ...(JSON.parse(line) as object), lastSyncDateTime: lastSync }) + "\n");
  return file;
}

const check = (fleet: string, now: string) =>
  tenet([
    "check",
    "-p",
    join(ROOT, "policies"),
    fleet,
    "--now",
    now,
    "--fail-on",
    "never",
    "-q",
    "-o",
    "/dev/null",
    "--history",
    store,
  ]);

/** `history device` run in `cwd`, whose tenet.config.yaml (if any) says which fields are volatile. */
const timeline = (cwd: string) =>
  (
    JSON.parse(tenet(["history", "device", DEVICE, "--history", store, "--format", "json"], { cwd }).stdout) as {
      rows: { causes: string[]; details: string[] }[];
    }
  ).rows;

describe("volatileFields in tenet.config.yaml", () => {
  beforeAll(() => {
    // Day 3: only the check-in time moved, and the grace period ran out.
    expect(check(day("day0", "2026-11-25T08:14:00Z"), "2026-11-25T12:00:00Z").code).toBe(0);
    expect(check(day("day3", "2026-11-28T08:14:00Z"), "2026-11-28T13:00:00Z").code).toBe(0);
  }, 300_000);

  it("leaves a check-in time out of the device's changes by default", () => {
    const plain = join(dir, "plain");
    mkdirSync(plain);
    const entries = timeline(plain);
    expect(entries[1]).toMatchObject({ causes: ["time passed"] });
    expect(entries[1]!.details).toContain(
      'volatile: lastSyncDateTime "2026-11-25T08:14:00Z" -> "2026-11-28T08:14:00Z"',
    );
  });

  it("calls the same move a device change when the config lists no volatile field", () => {
    const strict = join(dir, "strict");
    mkdirSync(strict);
    writeFileSync(join(strict, "tenet.config.yaml"), "volatileFields: []\n");
    const entries = timeline(strict);
    expect(entries[1]).toMatchObject({ causes: ["device changed"] });
    expect(entries[1]!.details).toContain('device: lastSyncDateTime "2026-11-25T08:14:00Z" -> "2026-11-28T08:14:00Z"');
  });
});
