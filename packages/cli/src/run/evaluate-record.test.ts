import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { builtinSchema, loadPolicySources } from "@tenet/parser";
import { compile } from "@tenet/evaluator";
import { canonicalJson, packSpans, type CapturedDevice } from "@tenet/history";
import { recordEvaluator } from "./evaluate-record.js";

const windows = readFileSync(new URL("../../../../policies/compliance/windows.tenet", import.meta.url), "utf8");
const devices = readFileSync(new URL("../../../../examples/fleet/devices.ndjson", import.meta.url), "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as unknown);

describe("recordEvaluator", () => {
  it("turns a record whose evaluation throws into that record's CP5060 error; the next record is still evaluated", () => {
    // An action 99,999,999 days out overflows the Date range at the first noncompliant device.
    // The checker refuses it now (CP1004); the set is compiled regardless to reach the evaluator.
    const loaded = loadPolicySources(
      [{ path: "windows.tenet", text: windows.replace("after 7d", "after 99999999d") }],
      { now: Date.parse("2026-11-25T12:00:00Z") },
    );
    const run = recordEvaluator(compile(loaded.value), builtinSchema("device"), {
      now: "2026-11-25T12:00:00Z",
      format: "ndjson",
      explain: true,
      rules: "all",
      redact: false,
    });
    // The third example device is a noncompliant Windows laptop.
    const bad = run({ source: "f", index: 0, line: 1, value: devices[2] });
    expect(bad.error?.code).toBe("CP5060");
    expect(bad.input).toEqual({ source: "f", line: 1, index: 0 });
    const good = run({ source: "f", index: 1, value: devices[0] });
    expect(good.error).toBeUndefined();
  });

  it("with --history, stores an NDJSON line's snapshot as its bytes say, unless validation replaced Graph placeholders", () => {
    const loaded = loadPolicySources([{ path: "windows.tenet", text: windows }], {
      now: Date.parse("2026-11-25T12:00:00Z"),
    });
    const captured: CapturedDevice[] = [];
    const run = recordEvaluator(
      compile(loaded.value),
      builtinSchema("device"),
      {
        now: "2026-11-25T12:00:00Z",
        format: "ndjson",
        explain: true,
        rules: "failures",
        redact: false,
        failOn: "noncompliant",
        only: "all",
        history: packSpans(new Map()),
      },
      { capture: (d) => captured.push(d) },
    );
    const line = (value: unknown, index: number) => ({
      source: "f",
      index,
      line: index + 1,
      raw: Buffer.from(JSON.stringify(value)),
    });
    const { lastSyncDateTime: _, ...stable } = devices[0] as Record<string, unknown>;
    // An empty wiFiMacAddress is Graph's "not reported": validation makes it null, so the bytes no longer say what was evaluated.
    const placeholder = { ...stable, id: "placeholder", wiFiMacAddress: "" };
    run(line(devices[0], 0));
    run(line(placeholder, 1));
    const snapshots = captured.map((d) => ("unchanged" in d ? undefined : d.snapshot));
    expect(snapshots).toEqual([JSON.stringify(stable), canonicalJson({ ...placeholder, wiFiMacAddress: null })]);
  });
});
