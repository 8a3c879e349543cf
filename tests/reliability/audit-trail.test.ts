/** The audit log proves what it claims: every kind of tampering is detected as docs/audit-log.md says. */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync, appendFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { appendRun, repairLog, type RunEntry } from "../../packages/cli/src/audit/audit-log.js";
import { recordHash, type AuditRecord } from "../../packages/cli/src/audit/audit-record.js";
import { anchorOf } from "../../packages/cli/src/audit/anchor.js";
import { verifyLog } from "../../packages/cli/src/audit/verify-log.js";
import { ROOT, tenet } from "../cli/run-cli.js";

const KEY = Buffer.from("a key the log's writers do not hold");
const dir = mkdtempSync(join(tmpdir(), "tenet-audit-trail-"));
let logs = 0;

const entry = (day: number): RunEntry => ({
  now: new Date(Date.UTC(2026, 10, day, 12)).toISOString(),
  engineVersion: "0.1.0",
  policySetHash: "p".repeat(64),
  inputHash: `${day}`.padStart(64, "0"),
  counts: { compliant: day, noncompliant: 1 },
});

/** A log of `n` runs on consecutive days, written with the key or without. */
function makeLog(n: number, key: Buffer | undefined = KEY): string {
  const path = join(dir, `audit-${++logs}.ndjson`);
  for (let day = 1; day <= n; day++) appendRun(path, entry(day), key === undefined ? {} : { key });
  return path;
}
const lines = (path: string) => readFileSync(path, "utf8").trimEnd().split("\n");
const records = (path: string) => lines(path).map((l) => JSON.parse(l) as AuditRecord);
const write = (path: string, rows: (string | AuditRecord)[]) =>
  writeFileSync(path, rows.map((r) => `${typeof r === "string" ? r : JSON.stringify(r)}\n`).join(""));
const codes = (path: string, options: { key?: Buffer; anchor?: string } = {}) =>
  verifyLog(path, options)
    .diagnostics.filter((d) => d.severity === "error")
    .map((d) => `${d.code}@${d.span.start.line}`);
/** Recomputes every hash and link after `edit`, as someone with write access but no key would. */
function rewriteChain(path: string, edit: (r: AuditRecord[]) => AuditRecord[]): void {
  let previous = "0".repeat(64);
  const rewritten = edit(records(path)).map((r, i) => {
    const { hash: _hash, mac: _mac, ...body } = r;
    const next = { ...body, seq: i + 1, previousHash: previous };
    previous = recordHash(next);
    return { ...next, hash: previous };
  });
  write(path, rewritten);
}

describe("audit verify detects each kind of tampering", () => {
  it("an intact keyed log verifies with and without the key", () => {
    const log = makeLog(5);
    expect(codes(log, { key: KEY })).toEqual([]);
    const unkeyed = verifyLog(log);
    expect(unkeyed.diagnostics.map((d) => d.code)).toEqual(["CP5080"]); // says the MACs were not checked
    expect(unkeyed.records).toBe(5);
  });

  it("edit: a changed count breaks that record's hash", () => {
    const log = makeLog(4);
    const rows = records(log);
    rows[1]!.counts = { compliant: 99, noncompliant: 0 };
    write(log, rows);
    expect(codes(log)).toEqual(["CP5070@2"]);
  });

  it("delete: the first records (no retention record), a middle one, the newest (with an anchor)", () => {
    const log = makeLog(5);
    const all = lines(log);
    write(log, all.slice(2));
    expect(codes(log)).toEqual(["CP5072@1"]);
    write(log, [all[0]!, all[1]!, all[3]!, all[4]!]);
    expect(codes(log)).toEqual(["CP5071@3"]);
    write(log, all);
    const anchor = anchorOf(records(log).at(-1)!);
    expect(codes(log, { anchor })).toEqual([]);
    write(log, all.slice(0, 3));
    expect(codes(log)).toEqual([]); // a cut tail is a valid shorter chain: only an anchor kept elsewhere shows it
    expect(codes(log, { anchor })).toEqual(["CP5074@1"]);
    expect(verifyLog(log, { anchor }).diagnostics[0]!.message).toContain("the log ends at seq 3");
  });

  it("insert and reorder: a record out of place breaks the link of the next", () => {
    const log = makeLog(4);
    const all = lines(log);
    write(log, [all[0]!, all[2]!, all[1]!, all[3]!]);
    expect(codes(log)).toEqual(["CP5071@2", "CP5071@3", "CP5071@4"]);
    const forged = { ...records(log)[0]!, counts: { compliant: 1 } } as AuditRecord;
    write(log, [all[0]!, { ...forged, hash: recordHash({ ...forged, hash: undefined } as never) }, ...all.slice(1)]);
    expect(codes(log)).toContain("CP5071@2");
  });

  it("forge: a record appended with a recomputed hash passes without the key, fails with it", () => {
    const log = makeLog(3);
    const head = records(log).at(-1)!;
    const { hash: _h, mac: _m, ...body } = { ...head, seq: 4, previousHash: head.hash, counts: { compliant: 1000 } };
    appendFileSync(log, `${JSON.stringify({ ...body, hash: recordHash(body) })}\n`);
    expect(codes(log)).toEqual([]);
    expect(codes(log, { key: KEY })).toEqual(["CP5073@4"]);
    expect(codes(log, { key: Buffer.from("another key, sixteen bytes or more") })).toEqual([
      "CP5073@1",
      "CP5073@2",
      "CP5073@3",
      "CP5073@4",
    ]);
  });

  it("rewrite the whole chain without the key: every record fails its MAC, and the anchor is gone", () => {
    const log = makeLog(4);
    const anchor = anchorOf(records(log).at(-1)!);
    rewriteChain(log, (rows) => rows.filter((r) => r.seq !== 2));
    expect(codes(log)).toEqual([]); // a consistent chain: without key or anchor nothing can tell
    expect(codes(log, { key: KEY })).toEqual(["CP5073@1", "CP5073@2", "CP5073@3"]);
    expect(codes(log, { anchor })).toEqual(["CP5074@1"]);
  });

  it("retention: pruning leaves a hashed record naming the cut; removing it or relabelling a record is caught", () => {
    const log = makeLog(5);
    appendRun(log, entry(6), { key: KEY, retainDays: 2, nowMs: Date.UTC(2026, 10, 6, 11) });
    const kept = records(log);
    expect(kept.map((r) => `${r.kind}:${r.seq}`)).toEqual(["run:4", "run:5", "run:6", "retention:7"]);
    expect(kept[3]!.dropped).toMatchObject({ from: 1, through: 3, lastHash: kept[0]!.previousHash });
    expect(codes(log, { key: KEY })).toEqual([]);
    const all = lines(log);
    write(log, all.slice(0, 3)); // the retention record deleted: the gap is unexplained
    expect(codes(log, { key: KEY })).toEqual(["CP5072@1"]);
    // The retention record edited to vouch for more: its hash and MAC break.
    const widened = { ...kept[3]!, dropped: { ...kept[3]!.dropped!, through: 4 } };
    write(log, [...all.slice(1, 3), widened]);
    expect(codes(log, { key: KEY })).toEqual(["CP5070@3", "CP5072@1"]);
    // An edited first record relabelled as an old-style (unhashed) marker.
    const relabelled = { ...kept[0]!, kind: "retention", droppedThrough: 3, counts: { compliant: 0 } };
    write(log, [relabelled as AuditRecord, ...all.slice(1)]);
    expect(codes(log, { key: KEY })).toEqual(expect.arrayContaining(["CP5075@1"]));
  });

  it("a last line that is no record is reported, and appending after it is refused, not forked", () => {
    const log = makeLog(2);
    appendFileSync(log, "not json\n");
    expect(codes(log)).toEqual(["CP5075@3"]);
    expect(() => appendRun(log, entry(3), { key: KEY })).toThrow(/not an audit record/);
    expect(lines(log)).toHaveLength(3);
  });
});

describe("appends survive crashes and concurrency", () => {
  it("kill mid-append: a torn last record is reported, set aside by the next append, and the chain continues", () => {
    const log = makeLog(3);
    const whole = readFileSync(log, "utf8");
    appendFileSync(log, JSON.stringify(records(log)[2]).slice(0, 57)); // what a killed write leaves
    const torn = verifyLog(log);
    expect(torn.diagnostics.filter((d) => d.severity === "error").map((d) => d.code)).toEqual(["CP5076"]);
    const appended = appendRun(log, entry(4), { key: KEY });
    expect(appended.notes.map((d) => d.code)).toEqual(["CP5077"]);
    expect(appended.record.seq).toBe(4);
    expect(readFileSync(log, "utf8").startsWith(whole)).toBe(true);
    expect(codes(log, { key: KEY })).toEqual([]);
    expect(verifyLog(log, { key: KEY }).diagnostics.map((d) => d.code)).toEqual(["CP5081"]);
    const side = JSON.parse(readFileSync(`${log}.torn`, "utf8")) as { offset: number; base64: string };
    expect(side.offset).toBe(Buffer.byteLength(whole));
    expect(Buffer.from(side.base64, "base64").toString()).toHaveLength(57);
    appendFileSync(log, '{"kind":"run"');
    expect(repairLog(log)?.code).toBe("CP5077");
    expect(repairLog(log)).toBeUndefined();
    expect(codes(log, { key: KEY })).toEqual([]);
  });

  it("a lock left by a killed run is taken over", () => {
    const log = makeLog(1);
    writeFileSync(`${log}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname() }));
    expect(appendRun(log, entry(2), { key: KEY }).record.seq).toBe(2);
    expect(existsSync(`${log}.lock`)).toBe(false);
  });

  it("concurrent appends from four processes queue on the lock: one unbroken chain, no seq twice", async () => {
    const log = join(dir, "concurrent.ndjson");
    const module = join(ROOT, "packages/cli/dist/audit/audit-log.js");
    const script = `const { appendRun } = await import(${JSON.stringify(module)});
      for (let i = 0; i < 25; i++) appendRun(process.argv[1], { now: new Date().toISOString(), engineVersion: "0", policySetHash: "p", inputHash: String(i), counts: {} }, { key: Buffer.from(process.env.KEY) });`;
    const runs = Array.from(
      { length: 4 },
      () =>
        new Promise<number | null>((resolve) =>
          spawn(process.execPath, ["--input-type=module", "-e", script, log], {
            env: { ...process.env, KEY: KEY.toString() },
            stdio: "inherit",
          }).on("exit", resolve),
        ),
    );
    expect(await Promise.all(runs)).toEqual([0, 0, 0, 0]);
    expect(records(log).map((r) => r.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(codes(log, { key: KEY })).toEqual([]);
  });
});

describe("the command line", () => {
  const FLEET = "examples/fleet/devices.ndjson";
  it("check --audit-key --anchor, audit anchor and audit verify --anchor agree; a bad key is a usage error", () => {
    const log = join(dir, "cli.ndjson");
    const keyFile = join(dir, "audit.key");
    const anchorFile = join(dir, "audit.anchor");
    writeFileSync(keyFile, `${KEY.toString()}\n`);
    const check = (extra: string[]) =>
      tenet([
        "check",
        "-p",
        "policies",
        FLEET,
        "--now",
        "2026-11-25T12:00:00Z",
        "-f",
        "csv",
        "--audit-log",
        log,
        ...extra,
      ]);
    expect(check(["--audit-key", keyFile, "--anchor", anchorFile]).code).toBe(1);
    expect(check(["--audit-key", keyFile, "--anchor", anchorFile]).code).toBe(1);
    const anchor = readFileSync(anchorFile, "utf8").trim();
    expect(anchor).toMatch(/^2:[0-9a-f]{64}$/);
    expect(tenet(["audit", "anchor", log, "--audit-key", keyFile]).stdout).toBe(`${anchor}\n`);
    expect(tenet(["audit", "verify", log, "--audit-key", keyFile, "--anchor", anchorFile])).toMatchObject({
      code: 0,
      stdout: `${log}: the chain is intact: 2 records, head ${anchor}, every MAC checked, extends the anchor\n`,
    });
    const short = join(dir, "short.key");
    writeFileSync(short, "short");
    expect(check(["--audit-key", short])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("error[CP5079]: audit key file"),
    });
    expect(lines(log)).toHaveLength(2);
    expect(tenet(["audit", "verify", log], { env: { TENET_AUDIT_KEY: "another key, sixteen bytes" } })).toMatchObject({
      code: 1,
      stdout: expect.stringContaining("error[CP5073]: record 1 (seq 1) carries a MAC that does not match"),
    });
    expect(tenet(["check", "-p", "policies", FLEET, "--anchor", anchorFile])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("`--anchor` needs `--audit-log`"),
    });
  });
});

describe("found by the fuzzer", () => {
  it("a MAC with a character appended is a MAC that does not match (hex decoding stopped at it)", () => {
    const log = makeLog(2);
    const rows = records(log);
    rows[1]!.mac = `${rows[1]!.mac}v`;
    write(log, rows);
    expect(codes(log, { key: KEY })).toEqual(["CP5073@2"]);
  });
});
