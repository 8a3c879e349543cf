import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tokenize } from "../lexer/tokenize.js";
import { MAX_NESTING, MAX_TREE_DEPTH, parse, parseWithRecovery } from "./parse.js";
import { parseDirect } from "./parse-direct.js";

// The direct parser must accept exactly the files chevrotain parses without error, and give
// them the same AST (spans included) and the same diagnostics, byte for byte; anything else
// must fall back to the chevrotain path. These tests compare the two on every policy file of the
// repository and on random edits of them.

const SEED = 20261204;
const LIMITS = { nesting: MAX_NESTING, chain: MAX_TREE_DEPTH / 2 };
const root = new URL("../../../../", import.meta.url).pathname;

function tenetFiles(dir: string, out: { path: string; text: string }[] = []): { path: string; text: string }[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (["node_modules", "dist", ".git", ".bench-cache"].includes(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) tenetFiles(path, out);
    else if (entry.name.endsWith(".tenet"))
      out.push({ path: path.slice(root.length), text: readFileSync(path, "utf8") });
  }
  return out;
}

const corpus = tenetFiles(root);

/** The two paths' results as JSON: key order and spans count. */
function both(text: string, file = "f.tenet"): { direct: string; full: string; taken: boolean } {
  const taken = parseDirect(text.startsWith("\uFEFF") ? text.slice(1) : text, file, LIMITS) !== undefined;
  return { direct: JSON.stringify(parse(text, file)), full: JSON.stringify(parseWithRecovery(text, file)), taken };
}

/** Edits a file at token boundaries: drop, repeat or swap a token, or insert another file's token. */
function edit(text: string, edits: [number, number, number][], pool: string[]): string {
  const tokens = tokenize(text, "e.tenet").value.tokens;
  let out = text;
  for (const [op, at, pick] of edits) {
    const retokenized = out === text ? tokens : tokenize(out, "e.tenet").value.tokens;
    if (retokenized.length === 0) break;
    const token = retokenized[at % retokenized.length]!;
    const from = token.startOffset;
    const to = (token.endOffset ?? from) + 1;
    const piece = pool[pick % pool.length]!;
    if (op === 0) out = out.slice(0, from) + out.slice(to);
    else if (op === 1) out = out.slice(0, to) + " " + token.image + out.slice(to);
    else if (op === 2) out = out.slice(0, from) + piece + " " + out.slice(from);
    else out = out.slice(0, from) + piece + out.slice(to);
  }
  return out;
}

describe("the direct parser and the chevrotain path agree", () => {
  it("on every policy file of the repository, taking the direct path for every well-formed one", () => {
    expect(corpus.length).toBeGreaterThan(50);
    let direct = 0;
    for (const { path, text } of corpus) {
      const r = both(text, path);
      expect(r.direct, path).toBe(r.full);
      const bom = both(`\uFEFF${text}`, path);
      expect(bom.direct, `${path} after a byte-order mark`).toBe(bom.full);
      const parsed = parseWithRecovery(text, path);
      const wellFormed = !parsed.diagnostics.some((d) => !["CP1003", "CP1004"].includes(d.code));
      if (wellFormed && parsed.value.declarations.length > 0) {
        expect(r.taken, `${path} is well-formed but took the chevrotain path`).toBe(true);
        direct++;
      }
    }
    expect(direct).toBeGreaterThan(50);
  });

  it("on a sign-in exception limited to named properties, well-formed or not", () => {
    const example = corpus.find((f) => f.path.endsWith("examples/analyze/breakglass-exception.tenet"))!;
    expect(example.text).toContain("  properties mfa-everywhere\n");
    const variants = [
      example.text,
      example.text.replace("properties mfa-everywhere", "properties mfa-everywhere, legacy-blocked"),
      example.text.replace("properties mfa-everywhere", "properties"),
      example.text.replace("properties mfa-everywhere", "properties mfa-everywhere,"),
      example.text.replace("properties mfa-everywhere", 'properties "mfa-everywhere"'),
    ];
    for (const [i, text] of variants.entries()) {
      const r = both(text);
      expect(r.direct, `variant ${i}`).toBe(r.full);
      expect(r.taken, `variant ${i}`).toBe(i < 2);
    }
  });

  it("on random edits of those files (valid or not), with the same diagnostics", () => {
    const small = corpus.filter((f) => f.text.length < 6000);
    const pool = [
      ...new Set(small.flatMap((f) => tokenize(f.text, f.path).value.tokens.map((t) => t.image))),
      "@",
      "-",
      '"open',
      "30days",
      "\u00e9t\u00e9",
      "#c\n",
      "99999999w",
      "2027-02-30",
      '"\\q"',
      "\r",
    ];
    let taken = 0;
    fc.assert(
      fc.property(
        fc.nat(small.length - 1),
        fc.array(fc.tuple(fc.nat(3), fc.nat(100_000), fc.nat(100_000)), { minLength: 1, maxLength: 3 }),
        (which, edits) => {
          const text = edit(small[which]!.text, edits, pool);
          const r = both(text);
          if (r.taken) taken++;
          expect(r.direct).toBe(r.full);
        },
      ),
      { numRuns: 800, seed: SEED },
    );
    // Some edits keep a file valid (a dropped title, a swapped name): both paths are exercised.
    expect(taken).toBeGreaterThan(20);
  });

  it("on token soup", () => {
    const pieces = [
      ...["compliance", "access", "waiver", "property", "filter", "let", "import", "rule", "require", "when"],
      ...["on", "after", "platform", "controls", "assign", "include", "exclude", "all", "any", "users", "devices"],
      ...["grant", "session", "state", "rules", "scope", "expires", "assume", "expect", "runs", "unknown", "x"],
      ...["properties", "reason", "approver", '"r"', "mfa-all"],
      ...["and", "or", "not", "in", "where", "is", "present", "older", "than", "within", "startsWith", "true"],
      ...["{", "}", "(", ")", "[", "]", ",", ".", "*", "=", "==", "<", ">=", "!=", '"s"', "12", "-3.5", "30d"],
      ...["2027-01-01", "2027-01-01T00:00Z", "#c\n", "\n", "\r\n", "\t", "a.b", "x y", 'g "i"'],
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (soup) => {
        const r = both(soup.join(" "));
        expect(r.direct).toBe(r.full);
      }),
      { numRuns: 1000, seed: SEED },
    );
  });

  it("on literals the conversion reports (escapes, dates, long durations) and on `on unknown { ... }`", () => {
    const text = [
      'let a = "x\\q\\u{D800}y"',
      "compliance c {",
      '  on unknown { after 99999999w retire ["\\z"] }',
      "  rule r { require device.t within 99999999w and device.d < 2027-02-30 or device.s == 2027-01-01T25:00Z }",
      "  on noncompliant { after 99999999w retire }",
      "}",
      "waiver w { rules c.r, c.* expires 2027-13-01 }",
    ].join("\r\n");
    const r = both(text);
    expect(r.taken).toBe(true);
    expect(r.direct).toBe(r.full);
    expect(JSON.parse(r.direct).diagnostics.map((d: { code: string }) => d.code)).toEqual([
      "CP1003",
      "CP1003",
      "CP1004",
      "CP1004",
      "CP1004",
      "CP1004",
      "CP1004",
    ]);
  });

  it("falls back for nesting and `and` chains past the limits, which only the chevrotain path reports", () => {
    const nested = `let x = ${"(".repeat(MAX_NESTING + 1)}1${")".repeat(MAX_NESTING + 1)}`;
    // Each open `where` counts as a level (lexer/nesting.ts), on both paths: quantifiers alone, and
    // quantifiers inside parentheses that together pass the limit.
    let quantifiers = "x.a == 1";
    for (let i = 0; i <= MAX_NESTING; i++) quantifiers = `any v${i} in device.apps where ${quantifiers}`;
    const half = MAX_NESTING / 2 + 1;
    let mixed = "x.a == 1";
    for (let i = 0; i < half; i++) mixed = `any v${i} in device.apps where ${mixed}`;
    mixed = `${"(".repeat(half)}${mixed}${")".repeat(half)}`;
    for (const text of [`let q = ${quantifiers}`, `let q = ${mixed}`]) {
      const deep = both(text);
      expect(deep.taken).toBe(false);
      expect(deep.direct).toBe(deep.full);
      expect(JSON.parse(deep.full).diagnostics.map((d: { code: string }) => d.code)).toEqual(["CP1014"]);
    }
    const chain = (n: number) => `let y = ${Array.from({ length: n }, () => "a").join(" and ")}`;
    for (const [text, codes] of [
      [nested, ["CP1014"]],
      [chain(MAX_TREE_DEPTH + 2), ["CP1014"]],
      [chain(MAX_TREE_DEPTH / 2 + 2), []],
    ] as const) {
      const r = both(text);
      expect(r.taken).toBe(false);
      expect(r.direct).toBe(r.full);
      expect(JSON.parse(r.direct).diagnostics.map((d: { code: string }) => d.code)).toEqual(codes);
    }
  });
});
