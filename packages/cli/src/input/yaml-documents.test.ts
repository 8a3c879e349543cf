import { describe, expect, it } from "vitest";
import { builtinSchema } from "@tenet/parser";
import { Readable } from "node:stream";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readSnapshots } from "./read-snapshots.js";
import type { SnapshotRecord } from "./snapshot-record.js";
import { snapshotValidator } from "./validate-snapshot.js";

const dir = mkdtempSync(join(tmpdir(), "tenet-yaml-"));
const read = async (content: string) => {
  const path = join(dir, `f${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(path, content);
  const validate = snapshotValidator(builtinSchema("device"));
  const out: SnapshotRecord[] = [];
  for await (const r of readSnapshots([path], Readable.from([]))) out.push(validate(r));
  return out;
};

describe("YAML snapshots", () => {
  it("keep an unquoted timestamp a string, as JSON would", async () => {
    const [r] = await read("id: a\nlastSyncDateTime: 2026-11-25T10:00:00Z\nenrolledDateTime: 2026-01-01\n");
    expect(r!.error).toBeUndefined();
    expect(r!.value).toMatchObject({ lastSyncDateTime: "2026-11-25T10:00:00Z", enrolledDateTime: "2026-01-01" });
  });

  it("keep `10.0` and `17.10` version strings where the facts schema says string, and numbers where it says number", async () => {
    const [r] = await read(
      "id: a\noperatingSystem: Windows\nosVersion: 10.0\ntpmSpecificationVersion: 2.0\npasscodeMinimumLength: 6\n",
    );
    expect(r!.error).toBeUndefined();
    expect(r!.value).toMatchObject({ osVersion: "10.0", tpmSpecificationVersion: "2.0" });
    const [ios] = await read("id: b\noperatingSystem: iOS\nosVersion: 17.10\n");
    expect(ios!.error).toBeUndefined();
    expect((ios!.value as { osVersion: string }).osVersion).toBe("17.10");
  });

  it("name the document and line of a YAML error, and still read the other documents", async () => {
    const records = await read("id: a\n---\nid: b\n  bad: indentation\n---\nid: c\n");
    expect(records.map((r) => r.error?.code ?? (r.value as { id: string }).id)).toEqual(["a", "CP5004", "c"]);
    expect(records[1]!.error!.message).toMatch(/^invalid YAML: document 2 at line 4, column \d+: /);
    expect(records[1]!.line).toBe(4);
  });
});
