/** Hostile records are their own errors: every other record is still evaluated and written. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { NOW, ROOT, tenet } from "../cli/run-cli.js";
import { writeHostileFleet, writeYamlBomb } from "./hostile-fleet.js";

const dir = mkdtempSync(join(tmpdir(), "tenet-hostile-"));
const fleet = join(dir, "fleet.ndjson");
const bomb = join(dir, "bomb.yaml");
let hostile: number[] = [];

beforeAll(async () => {
  hostile = await writeHostileFleet(fleet, 1_000, ROOT);
  writeYamlBomb(bomb);
});

const records = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { input: { index: number; source: string }; error?: { code: string } });

describe("a fleet with 1% hostile records", () => {
  for (const jobs of ["1", "2"]) {
    it(`yields exactly one output record per input record and exit 2 (--jobs ${jobs}, with a YAML bomb and an audit log)`, () => {
      const log = join(dir, `audit-${jobs}.ndjson`);
      const r = tenet([
        "check",
        "-p",
        "policies",
        fleet,
        bomb,
        "--now",
        NOW,
        "--format",
        "ndjson",
        "--jobs",
        jobs,
        "--audit-log",
        log,
        "-q",
      ]);
      // Input errors also reach stderr (one coded line per bad record), even though results go to stdout.
      expect(
        r.stderr
          .trim()
          .split("\n")
          .filter((l) => /error\[CP50\d\d\]/.test(l)),
      ).toHaveLength(hostile.length + 1);
      expect(r.code).toBe(2);
      const out = records(r.stdout);
      expect(out.map((o) => o.input.index)).toEqual(Array.from({ length: 1_001 }, (_, i) => i));
      const errors = out.filter((o) => o.error !== undefined).map((o) => o.input.index);
      expect(errors).toEqual([...hostile, 1_000]);
      expect(out[1_000]!.error!.code).toBe("CP5061");
      expect(tenet(["audit", "verify", log]).code).toBe(0);
    });
  }

  it("keeps a deep element of a JSON document its own error, with an audit log", () => {
    const doc = join(dir, "deep.json");
    writeFileSync(doc, `[{"id":"a"},{"id":"x","a":${"[".repeat(100_000)}${"]".repeat(100_000)}},{"id":"b"}]`);
    const r = tenet([
      "check",
      "-p",
      "policies",
      doc,
      "--now",
      NOW,
      "--format",
      "ndjson",
      "--audit-log",
      join(dir, "deep-audit.ndjson"),
      "-q",
    ]);
    expect(r.code).toBe(2);
    expect(records(r.stdout).map((o) => o.error?.code ?? "ok")).toEqual(["ok", "CP5061", "ok"]);
  });
});
