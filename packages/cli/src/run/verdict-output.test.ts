/**
 * Formats that read only each device's verdict (`Renderer.reads`) are given verdicts instead
 * of whole results, and whole results only where they ask (the table's first devices): the
 * output must be byte for byte what whole results give, on the shipped library over the
 * example fleet, in every format, with `--only failing`, and with records spread over threads.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { builtinSchema, loadPolicySources } from "@tenet/parser";
import { compile } from "@tenet/evaluator";
import { paintWith } from "../terminal.js";
import { briefOf, Summary } from "../render/output-record.js";
import { CHECK_FORMATS, rendererFor, type CheckFormat } from "../render/renderers.js";
import { recordEvaluator, type EvaluationSettings } from "./evaluate-record.js";
import type { Only } from "./gate.js";

const root = new URL("../../../../", import.meta.url);
const NOW = "2026-11-25T12:00:00Z";
const library = new URL("policies/compliance/", root);
const loaded = loadPolicySources(
  readdirSync(library)
    .filter((f) => f.endsWith(".tenet"))
    .sort()
    .map((f) => ({ path: `policies/compliance/${f}`, text: readFileSync(new URL(f, library), "utf8") })),
  { now: Date.parse(NOW) },
);
const compiled = compile(loaded.value);
const fleet = readFileSync(new URL("examples/fleet/fleet-2000.ndjson", root), "utf8").trim().split("\n");
// Unreadable records among the devices: a bad value in a field the library reads, broken JSON, not an object.
fleet.splice(10, 0, '{"id":"bad","operatingSystem":"Windows","osVersion":7}', "{broken", "[1]");
const BATCH = 256;

/** `tenet check`'s output for the fleet, with records in batches spread over `threads` threads as workers get them. */
async function check(
  format: CheckFormat,
  verdict: boolean,
  { only = "all", threads = 1, redact = false }: { only?: Only; threads?: number; redact?: boolean } = {},
): Promise<string> {
  const meta = { now: NOW, policySetHash: () => loaded.value.hash, failOn: "inGracePeriod" as const };
  const settings: EvaluationSettings = {
    now: NOW,
    format,
    explain: format !== "csv" && format !== "intune",
    rules: format === "html" ? "all" : "failures",
    redact,
    failOn: "inGracePeriod",
    only: format === "html" ? "all" : only,
    verdict,
  };
  const main = rendererFor(format, paintWith(false), { ...meta, policySet: () => loaded.value });
  // Each thread has its own renderer (digest, wantsResult) and evaluator, as each worker does.
  const workers = Array.from({ length: threads }, () => {
    const renderer = rendererFor(format, paintWith(false), { ...meta, policySet: () => loaded.value });
    const wantsResult = renderer.wantsResult?.bind(renderer);
    const run = recordEvaluator(compiled, builtinSchema("device"), settings, wantsResult ? { wantsResult } : {});
    return { renderer, run };
  });
  if (verdict) expect(settings.verdict).toBe(main.reads === "verdict");
  const summary = new Summary("inGracePeriod");
  let body = "";
  fleet.forEach((line, index) => {
    const thread = workers[Math.floor(index / BATCH) % threads]!;
    const record = thread.run({ source: "fleet.ndjson", line: index + 1, index, raw: Buffer.from(line) });
    const brief = briefOf(record, "inGracePeriod", settings.only === "failing");
    summary.add(brief);
    if (brief.listed) body += main.take(structuredClone(thread.renderer.digest(record)));
  });
  let end = "";
  await main.finish(summary, async (chunk) => {
    end += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
  });
  return main.begin() + (body.startsWith(main.separator) ? body.slice(main.separator.length) : body) + end;
}

describe("verdict-only evaluation gives the bytes of whole results", () => {
  it("the table and csv read verdicts; every other format reads whole results", () => {
    const reads = CHECK_FORMATS.map((f) => [f, rendererFor(f, paintWith(false)).reads]);
    expect(reads.filter(([, r]) => r === "verdict").map(([f]) => f)).toEqual(["table", "csv"]);
  });

  // The other formats are evaluated to whole results exactly as before (the test above).
  it.each([["table"], ["csv"]] as const)("%s", async (format) => {
    const full = await check(format, false);
    expect(full.length).toBeGreaterThan(1000);
    expect(await check(format, true)).toBe(full);
    expect(await check(format, true, { threads: 3 })).toBe(full);
    const failing = { only: "failing", threads: 2 } as const;
    expect(await check(format, true, failing)).toBe(await check(format, false, failing));
    const redacted = { redact: true, threads: 2 } as const;
    expect(await check(format, true, redacted)).toBe(await check(format, false, redacted));
  });

  it("the table lists its first devices with their reasons, from whole results, whichever thread evaluated them", async () => {
    const table = await check("table", true, { threads: 3 });
    const listed = table.split("Devices needing attention\n")[1]!.split("\n  ... and ")[0]!.split("\n");
    expect(listed.filter((l) => !l.startsWith(" "))).toHaveLength(50);
    expect(table).toContain("CP4003");
    expect(table).toMatch(/✗ \S+ .*: device\.\S+ is /);
  });
});
