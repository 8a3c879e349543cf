/**
 * fast-check generators for evaluator property tests: well-typed rules over a small device
 * schema subset, and snapshots whose values come from the rules' own literal pools plus
 * missing, null and malformed values.
 */
import fc from "fast-check";
import type { CompareOperator, Expr } from "@tenet/parser";
import {
  SetBuilder,
  T_DATE,
  T_STR,
  T_THREAT,
  T_VERSION,
} from "../../packages/evaluator/test-support/checked-set-builder.js";

export type ExprThunk = (b: SetBuilder) => Expr;

export const VERSIONS = [
  "10",
  "10.0",
  "10.0.0",
  "10.0.19045",
  "10.0.22631",
  "10.0.22631.0",
  "10.0.22631.2861",
  "10.0.22631.10000",
  "14",
  "14.0",
];
export const NUMBERS = [0, 4, 6, 8, 14];
export const THREATS = ["secured", "low", "medium", "high"];
export const NAMES = ["LAB-1", "LAB-", "HR-7", "lab-1", "", "aaaa"];
export const TAGS = ["corp", "kiosk", "lab"];
export const DATES = ["2025-01-31", "2025-02-01", "2025-03-01"];
export const NOW = Date.parse("2026-06-01T00:00:00Z");
const DAY = 86_400_000;
export const SYNCS = [NOW - 30 * DAY, NOW - 30 * DAY - 1000, NOW - DAY, NOW + DAY, NOW - 100 * DAY].map((ms) =>
  new Date(ms).toISOString(),
);

const OPS: CompareOperator[] = ["==", "!=", "<", "<=", ">", ">="];
const op = fc.constantFrom(...OPS);
const eqOp = fc.constantFrom<CompareOperator>("==", "!=");

let letCounter = 0;

// `let`s every rule of a set may share (each defined once per set), so one definition is read by
// several rules, by quantifier bodies and in both operand positions: the compiled evaluator
// computes each once per snapshot, the reference interpreter at every use.
const sharedLets = new WeakMap<SetBuilder, Set<string>>();
function shared(b: SetBuilder, name: string, value: () => Expr): Expr {
  let names = sharedLets.get(b);
  if (names === undefined) sharedLets.set(b, (names = new Set()));
  if (!names.has(name)) {
    b.let(name, value());
    names.add(name);
  }
  return b.path(name);
}
const sharedLeaf: fc.Arbitrary<ExprThunk> = fc.oneof(
  fc.constantFrom(
    (b: SetBuilder) => shared(b, "s-encrypted", () => b.cmp("==", b.path("device.isEncrypted"), b.bool(true))),
    (b: SetBuilder) =>
      shared(b, "s-low-threat", () => b.cmp("<=", b.path("device.deviceThreatLevel"), b.str("low", T_THREAT))),
    (b: SetBuilder) =>
      b.quant(
        "any",
        "t",
        b.path("device.tags"),
        b.and(
          b.sop("startsWith", b.path("t", T_STR), b.str("co")),
          shared(b, "s-encrypted", () => b.cmp("==", b.path("device.isEncrypted"), b.bool(true))),
        ),
      ),
  ),
  fc.tuple(op, fc.boolean()).map(([o, flip]) => (b: SetBuilder) => {
    const min = shared(b, "s-min", () => b.str("10.0.22631", T_VERSION));
    return flip ? b.cmp(o, min, b.path("device.osVersion")) : b.cmp(o, b.path("device.osVersion"), min);
  }),
  fc.boolean().map(
    (neg) => (b: SetBuilder) =>
      b.in(
        b.path("device.deviceName"),
        shared(b, "s-names", () => b.list([b.str("LAB-1"), b.str("HR-7")])),
        neg,
      ),
  ),
  fc.tuple(fc.constantFrom("any", "all") as fc.Arbitrary<"any" | "all">, op).map(
    ([q, o]) =>
      (b: SetBuilder) =>
        b.quant(
          q,
          "app",
          shared(b, "s-apps", () => b.path("device.detectedApps")),
          b.cmp(o, b.path("app.version", T_VERSION), b.str("2.0", T_VERSION)),
        ),
  ),
);

const leaf: fc.Arbitrary<ExprThunk> = fc.oneof(
  fc.tuple(op, fc.constantFrom(...VERSIONS)).map(([o, v]) => (b: SetBuilder) => {
    const name = `min-${letCounter++}`;
    b.let(name, b.str(v, T_VERSION));
    return b.cmp(o, b.path("device.osVersion"), b.path(name));
  }),
  fc.boolean().map((v) => (b: SetBuilder) => {
    const name = `cond-${letCounter++}`;
    b.let(name, b.cmp("==", b.path("device.isEncrypted"), b.bool(v)));
    return b.path(name);
  }),
  fc.tuple(op, fc.constantFrom(...VERSIONS), fc.boolean()).map(
    ([o, v, flip]) =>
      (b: SetBuilder) =>
        flip
          ? b.cmp(o, b.str(v, T_VERSION), b.path("device.osVersion"))
          : b.cmp(o, b.path("device.osVersion"), b.str(v, T_VERSION)),
  ),
  fc.tuple(op, fc.constantFrom(...NUMBERS)).map(
    ([o, n]) =>
      (b: SetBuilder) =>
        b.cmp(o, b.path("device.passcodeLength"), b.num(n)),
  ),
  fc.tuple(eqOp, fc.boolean()).map(
    ([o, v]) =>
      (b: SetBuilder) =>
        b.cmp(o, b.path("device.isEncrypted"), b.bool(v)),
  ),
  fc.constant((b: SetBuilder) => b.path("device.firewallEnabled")),
  fc.tuple(op, fc.constantFrom(...THREATS)).map(
    ([o, v]) =>
      (b: SetBuilder) =>
        b.cmp(o, b.path("device.deviceThreatLevel"), b.str(v, T_THREAT)),
  ),
  fc.tuple(fc.constantFrom("1d", "30d"), fc.boolean()).map(
    ([d, older]) =>
      (b: SetBuilder) =>
        b.within(b.path("device.lastSyncDateTime"), d, older),
  ),
  fc.tuple(op, fc.constantFrom(...SYNCS)).map(
    ([o, t]) =>
      (b: SetBuilder) =>
        b.cmp(o, b.path("device.lastSyncDateTime"), b.ts(t)),
  ),
  fc.tuple(op, fc.constantFrom(...DATES)).map(
    ([o, d]) =>
      (b: SetBuilder) =>
        b.cmp(o, b.path("device.androidSecurityPatchLevel"), b.str(d, T_DATE)),
  ),
  fc.tuple(eqOp, fc.constantFrom(...NAMES)).map(
    ([o, n]) =>
      (b: SetBuilder) =>
        b.cmp(o, b.path("device.deviceName"), b.str(n)),
  ),
  fc
    .tuple(
      fc.constantFrom("startsWith", "endsWith", "contains", "matches") as fc.Arbitrary<
        "startsWith" | "endsWith" | "contains" | "matches"
      >,
      fc.constantFrom("LAB-", "1", "^LAB-[0-9]+$", "(a+)+$"),
    )
    .map(
      ([o, s]) =>
        (b: SetBuilder) =>
          b.sop(o, b.path("device.deviceName"), b.str(s)),
    ),
  fc.tuple(fc.subarray(NAMES, { minLength: 0, maxLength: 3 }), fc.boolean()).map(
    ([vals, neg]) =>
      (b: SetBuilder) =>
        b.in(b.path("device.deviceName"), b.list(vals.map((v) => b.str(v))), neg),
  ),
  fc.tuple(fc.subarray(VERSIONS, { minLength: 1, maxLength: 3 }), fc.boolean()).map(
    ([vals, neg]) =>
      (b: SetBuilder) =>
        b.in(
          b.path("device.osVersion"),
          b.list(
            vals.map((v) => b.str(v, T_VERSION)),
            T_VERSION,
          ),
          neg,
        ),
  ),
  fc.constantFrom(...TAGS).map((t) => (b: SetBuilder) => b.sop("contains", b.path("device.tags"), b.str(t))),
  fc.tuple(fc.constantFrom("any", "all") as fc.Arbitrary<"any" | "all">, fc.constantFrom(...TAGS)).map(
    ([q, t]) =>
      (b: SetBuilder) =>
        b.quant(q, "t", b.path("device.tags"), b.sop("startsWith", b.path("t", T_STR), b.str(t.slice(0, 2)))),
  ),
  fc.tuple(fc.constantFrom("any", "all") as fc.Arbitrary<"any" | "all">, op, fc.constantFrom("1.0", "2", "2.0.1")).map(
    ([q, o, v]) =>
      (b: SetBuilder) =>
        b.quant(
          q,
          "app",
          b.path("device.detectedApps"),
          b.cmp(o, b.path("app.version", T_VERSION), b.str(v, T_VERSION)),
        ),
  ),
  fc.tuple(fc.constantFrom("device.osVersion", "device.isEncrypted", "device.tags"), fc.boolean()).map(
    ([p, present]) =>
      (b: SetBuilder) =>
        b.present(b.path(p), present),
  ),
);

/** Random well-typed conditions of bounded depth. */
export const condition: fc.Arbitrary<ExprThunk> = fc.letrec<{ expr: ExprThunk }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    sharedLeaf,
    fc.tuple(tie("expr"), tie("expr")).map(
      ([l, r]) =>
        (b: SetBuilder) =>
          b.and(l(b), r(b)),
    ),
    fc.tuple(tie("expr"), tie("expr")).map(
      ([l, r]) =>
        (b: SetBuilder) =>
          b.or(l(b), r(b)),
    ),
    tie("expr").map((e) => (b: SetBuilder) => b.not(e(b))),
  ),
})).expr;

/** A field value: from the pool, missing, null, or malformed. */
function field<T>(pool: readonly T[], malformed: unknown[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...pool) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constantFrom(...malformed) },
  );
}

/** Random device snapshots whose values hit the rules' literal boundaries. */
export const snapshot: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    id: fc.constantFrom("d1", "d2"),
    operatingSystem: fc.constantFrom("Windows", "Windows", "Windows", "macOS"),
    osVersion: field(VERSIONS, ["10.0.x", "", 10, "1..2", true]),
    passcodeLength: field(NUMBERS, ["6", true, Number.NaN]),
    isEncrypted: field([true, false], ["true", 1]),
    firewallEnabled: field([true, false], ["yes"]),
    deviceThreatLevel: field(THREATS, ["severe", 2]),
    lastSyncDateTime: field(SYNCS, ["yesterday", 12345]),
    androidSecurityPatchLevel: field(DATES, ["February 1, 2025", "2025-02-30"]),
    deviceName: field(NAMES, [42, ["LAB-1"]]),
    tags: field([[], ["corp"], ["lab", "kiosk"], ["corp", null], ["co", "la"]], ["corp", { a: 1 }]),
    detectedApps: field(
      [
        [],
        [{ version: "2.0" }],
        [{ version: "1.0" }, { version: "2.0.1" }],
        [{ version: "2" }, {}],
        [{ version: "x.1" }],
        [null],
      ],
      ["apps", 3],
    ),
  })
  .map((r) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) if (v !== undefined) out[k] = v;
    return out;
  });
