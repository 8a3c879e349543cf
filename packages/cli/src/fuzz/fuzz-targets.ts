import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { gzipSync } from "node:zlib";
import { dump } from "js-yaml";
import { CATALOG, format, loadPolicySources, type Diagnostic } from "@tenet/parser";
import { compile, evaluate, type CompiledPolicySet } from "@tenet/evaluator";
import { readSnapshots } from "../input/read-snapshots.js";
import { appendRun } from "../audit/audit-log.js";
import { verifyLog } from "../audit/verify-log.js";
import { anchorOf } from "../audit/anchor.js";
import type { Random } from "./mutate.js";

const NOW = "2026-11-25T12:00:00Z";
const MAX_FILE_DIAGNOSTICS = 201;

/** What the fuzzer feeds and checks: seed inputs, grammar tokens, and a run that throws on a broken invariant. */
export interface FuzzTarget {
  name: string;
  seeds: Uint8Array[];
  dictionary: string[];
  /** Runs one input through the stages; throws (or rejects) when an invariant breaks. */
  run(input: Uint8Array, random: Random): Promise<void>;
  /** Removes what the target wrote (temporary files). */
  close(): void;
}

/** Each diagnostic's code is in the catalog and its span lies inside the text: the totality property, checked per input. */
function checkDiagnostics(diagnostics: readonly Diagnostic[], length: number, where: string): void {
  for (const d of diagnostics) {
    if (!(d.code in CATALOG)) throw new Error(`${where}: ${d.code} is not in the catalog`);
    const { start, end } = d.span;
    if (start.offset < 0 || end.offset < start.offset || end.offset > length + 1)
      throw new Error(`${where}: ${d.code} span ${start.offset}-${end.offset} outside a text of ${length}`);
  }
}

function policyFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? policyFiles(path) : name.endsWith(".tenet") ? [path] : [];
  });
}

const POLICY_TOKENS = [
  "compliance x {",
  "access y {",
  "waiver w {",
  "let z = ",
  "rule r {",
  "require ",
  "}",
  " and ",
  " or ",
  "not ",
  "device.osVersion",
  "device.deviceName",
  ">= ",
  "== ",
  " matches ",
  ' "^[a-z]+$"',
  " within 30d",
  " older than 2w",
  "any x in device.groups where ",
  "platform windows",
  "enforcement hard",
  "after 72h mark noncompliant",
  '"10.0.19045"',
  "2027-03-31",
  "import ",
];

/** The compiled shipped policies, for evaluating fuzzed snapshots. */
function shippedPolicies(root: string): { compiled: CompiledPolicySet; sources: { path: string; text: string }[] } {
  const sources = policyFiles(join(root, "policies")).map((path) => ({ path, text: readFileSync(path, "utf8") }));
  const loaded = loadPolicySources(sources, { now: Date.parse(NOW) });
  return { compiled: compile(loaded.value), sources };
}

/** Policies: parse, check, format, compile and evaluate one mutated policy file. */
function policyTarget(root: string): FuzzTarget {
  const { sources } = shippedPolicies(root);
  const device = JSON.parse(readFileSync(join(root, "examples/fleet/devices.ndjson"), "utf8").split("\n")[0]!);
  return {
    name: "policy",
    seeds: sources.map((s) => Buffer.from(s.text)),
    dictionary: POLICY_TOKENS,
    async run(input) {
      const text = Buffer.from(input).toString("utf8");
      const loaded = loadPolicySources([{ path: "fuzz.tenet", text }], { now: Date.parse(NOW) });
      checkDiagnostics(loaded.diagnostics, text.length, "check");
      if (loaded.diagnostics.length > MAX_FILE_DIAGNOSTICS)
        throw new Error(`${loaded.diagnostics.length} diagnostics for one file, over the cap`);
      const formatted = format(text, "fuzz.tenet");
      checkDiagnostics(formatted.diagnostics, text.length, "format");
      if (loaded.diagnostics.some((d) => d.severity === "error")) return;
      evaluate(compile(loaded.value), device, { now: NOW });
    },
    close() {},
  };
}

/** Snapshots: NDJSON, a JSON array, YAML and gzip, read by the CLI's reader and evaluated against the shipped policies. */
function snapshotTarget(root: string): FuzzTarget {
  const { compiled } = shippedPolicies(root);
  const lines = readFileSync(join(root, "examples/fleet/devices.ndjson"), "utf8")
    .split("\n")
    .filter(Boolean)
    .slice(0, 8);
  const values = lines.map((l) => JSON.parse(l) as unknown);
  const dir = mkdtempSync(join(tmpdir(), "tenet-fuzz-"));
  const kinds = ["ndjson", "json", "yaml", "ndjson.gz", "json.gz"] as const;
  const seedOf = (kind: (typeof kinds)[number]) => {
    const plain = kind.startsWith("ndjson")
      ? `${lines.join("\n")}\n`
      : kind.startsWith("json")
        ? JSON.stringify(values, null, 1)
        : dump(values);
    return kind.endsWith(".gz") ? gzipSync(plain) : Buffer.from(plain);
  };
  const seeds = kinds.map(seedOf);
  let n = 0;
  return {
    name: "snapshot",
    seeds,
    dictionary: ['{"id":"x"}', "\n", ",", ":", "[", "]", '"osVersion":', "null", "- ", "&a ", "*a", "---\n", "\uFEFF"],
    async run(input, random) {
      // The seed an input came from decides its file type; a mutated gzip stays a .gz file.
      const kind =
        kinds[seeds.findIndex((s) => s[0] === input[0] && s[1] === input[1])] ?? kinds[Math.floor(random() * 3)]!;
      const file = join(dir, `case-${n++ % 4}.${kind}`);
      writeFileSync(file, input);
      for await (const record of readSnapshots([file], process.stdin)) {
        if (record.error !== undefined) {
          checkDiagnostics([record.error], Number.MAX_SAFE_INTEGER, "read");
          continue;
        }
        if (record.value === undefined) throw new Error(`record ${record.index} has neither a value nor an error`);
        evaluate(compiled, record.value, { now: NOW });
      }
    },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Audit logs: `audit verify` over a mutated keyed log never throws and reports only catalog codes. */
function auditTarget(): FuzzTarget {
  const dir = mkdtempSync(join(tmpdir(), "tenet-fuzz-audit-"));
  const key = Buffer.from("fuzzing key, sixteen bytes or more");
  const seedLog = join(dir, "seed.ndjson");
  for (let day = 1; day <= 5; day++)
    appendRun(
      seedLog,
      {
        now: new Date(Date.UTC(2026, 10, day)).toISOString(),
        engineVersion: "0",
        policySetHash: "p",
        inputHash: String(day),
        counts: { compliant: day },
      },
      { key, ...(day === 5 ? { retainDays: 2, nowMs: Date.UTC(2026, 10, 5) } : {}) },
    );
  const seed = readFileSync(seedLog);
  const parsed = (text: string) =>
    text
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as unknown);
  const records = parsed(seed.toString("utf8"));
  const head = verifyLog(seedLog).head!;
  const log = join(dir, "case.ndjson");
  return {
    name: "audit",
    seeds: [seed],
    dictionary: ['"seq":', '"hash":', '"previousHash":', '"kind":"retention"', '"mac":', "\n", "{}", '"dropped":{}'],
    async run(input) {
      writeFileSync(log, input);
      const result = verifyLog(log, { key, anchor: anchorOf(head) });
      checkDiagnostics(result.diagnostics, Number.MAX_SAFE_INTEGER, "verify");
      // With the key and an anchor every tampering is detected: a log that verifies holds the same records.
      if (result.diagnostics.some((d) => d.severity === "error")) return;
      if (!isDeepStrictEqual(parsed(Buffer.from(input).toString("utf8")), records))
        throw new Error("a changed audit log verified with the key and the anchor");
    },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Every fuzz target, reading its seeds from the repository at `root`. */
export function fuzzTargets(root: string): FuzzTarget[] {
  return [policyTarget(root), snapshotTarget(root), auditTarget()];
}
