import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NOW, tenet } from "./run-cli.js";

const FLEET = "examples/fleet/devices.ndjson";

describe("--output", () => {
  it("writes the results to the file and nothing to standard output", () => {
    const out = join(mkdtempSync(join(tmpdir(), "tenet-out-")), "results.csv");
    const r = tenet(["check", "-p", "policies", FLEET, "--now", NOW, "--format", "csv", "-o", out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(readFileSync(out, "utf8").trim().split("\r\n")).toHaveLength(39);
  });

  it("refuses an unwritable path with one line and exit 2, for check and for lint (which used to exit 0 without writing)", () => {
    const missing = join(tmpdir(), "tenet-no-such-dir", "x", "out.sarif");
    const check = tenet(["check", "-p", "policies", FLEET, "--now", NOW, "--format", "csv", "-o", missing]);
    expect(check).toMatchObject({ code: 2, stderr: expect.stringContaining(`CP5063`) });
    expect(check.stderr).toContain(`cannot write \`${missing}\`: no such file or directory`);
    const lint = tenet(["lint", "policies", "--format", "sarif", "-o", missing]);
    // With `--format sarif` the error itself is a SARIF log, so a code-scanning upload still shows it.
    expect(lint.code).toBe(2);
    expect(lint.stderr).toContain(`CP5063`);
    expect(lint.stderr).toContain(`cannot write \`${missing}\`: no such file or directory`);
    const dir = mkdtempSync(join(tmpdir(), "tenet-dir-"));
    expect(tenet(["lint", "policies", "-o", dir])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("illegal operation on a directory"),
    });
  });
});
