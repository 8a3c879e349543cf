import fc from "fast-check";
import type { CheckedPolicySet, FactSchema, FactType, Instant } from "@tenet/parser";
import { collectBoundaries, mergeBoundaries, type Boundaries } from "./boundaries.js";
import { dateEdges, instantEdges, numberEdges, versionEdges } from "./edges.js";
import { testInstant } from "./test-instant.js";

const DAY = 86_400_000;

/** Options for {@link arbitrarySnapshot}. */
export interface SnapshotArbitraryOptions {
  /** Bias values toward the literals, versions and durations this policy set mentions. */
  near?: NearTarget | NearTarget[];
  /** The evaluation instant that `within`/`older than` edges are placed around (default `DEFAULT_TEST_NOW`). */
  now?: Instant | Date | string | number;
  /** Probability that an optional field is left out (default 0.15). */
  missingRate?: number;
  /**
   * Which fields to generate: `referenced` (default when `near` is given) generates only the
   * paths the policies read plus the fields that decide applicability; `all` every schema field.
   */
  fields?: "referenced" | "all";
  /** Fields always generated in `referenced` mode (dotted paths). */
  alwaysInclude?: string[];
}

/** A checked policy set, or anything that carries one (a compiled set). */
export type NearTarget = CheckedPolicySet | { set: CheckedPolicySet };

const DEVICE_ALWAYS = ["id", "operatingSystem", "androidManagementMode", "lastSyncDateTime", "enrolledUserExists"];

/**
 * A fast-check arbitrary of snapshots that satisfy `schema`, biased toward the boundaries
 * of the policy set given as `near`: version literals and their neighbours, instants just
 * inside and outside each `within`/`older than` edge around `now`, every enum value, and
 * missing fields.
 */
export function arbitrarySnapshot(
  schema: FactSchema,
  options: SnapshotArbitraryOptions = {},
): fc.Arbitrary<Record<string, unknown>> {
  const sets = (options.near === undefined ? [] : Array.isArray(options.near) ? options.near : [options.near]).map(
    (n) => ("set" in n ? n.set : n),
  );
  const boundaries: Boundaries = mergeBoundaries(sets.map((s) => collectBoundaries(s, schema.rootName)));
  const set = sets[0];
  const nowMs = testInstant(options.now).millis;
  const mode = options.fields ?? (set === undefined ? "all" : "referenced");
  const keep = new Set<string>([
    ...boundaries.keys(),
    ...(options.alwaysInclude ?? (schema.rootName === "device" ? DEVICE_ALWAYS : [])),
  ]);
  const ctx: Ctx = { boundaries, nowMs, missingRate: options.missingRate ?? 0.15, mode, keep };
  return objectArbitrary(schema.root, "", ctx, schema.json) as fc.Arbitrary<Record<string, unknown>>;
}

interface Ctx {
  boundaries: Boundaries;
  nowMs: number;
  missingRate: number;
  mode: "referenced" | "all";
  keep: Set<string>;
}

function wanted(path: string, ctx: Ctx): boolean {
  if (ctx.mode === "all") return true;
  for (const k of ctx.keep) if (k === path || k.startsWith(`${path}.`)) return true;
  return false;
}

/** The JSON Schema node a fact type came from: read for `required`, which fact types do not keep. */
type Node = Record<string, unknown> | undefined;

function child(node: Node, key: "properties" | "items", name?: string): Node {
  const sub = node?.[key];
  const target = name === undefined ? sub : (sub as Record<string, unknown> | undefined)?.[name];
  return typeof target === "object" && target !== null && !Array.isArray(target)
    ? (target as Record<string, unknown>)
    : undefined;
}

function objectArbitrary(
  t: FactType & { kind: "object" },
  prefix: string,
  ctx: Ctx,
  node: Node,
): fc.Arbitrary<unknown> {
  const star = t.properties["*"];
  if (star !== undefined && Object.keys(t.properties).length === 1) {
    // A map (`{ policyName: instant }`): a few keys, including the names the policies use.
    const extra = node?.additionalProperties as Node;
    return fc.dictionary(fc.constantFrom("a", "b", "c"), valueArbitrary(star, `${prefix}.*`, ctx, extra), {
      maxKeys: 3,
    });
  }
  const required = new Set(Array.isArray(node?.required) ? (node.required as string[]) : []);
  const entries: [string, fc.Arbitrary<unknown>][] = [];
  for (const [key, type] of Object.entries(t.properties)) {
    const path = prefix === "" ? key : `${prefix}.${key}`;
    if (!wanted(path, ctx) && !required.has(key)) continue;
    entries.push([key, valueArbitrary(type, path, ctx, child(node, "properties", key))]);
  }
  const freq = Math.max(2, Math.round(1 / Math.max(ctx.missingRate, 0.001)));
  // A field the schema requires is always there; any other may be missing (a missing fact is a boundary too).
  const fields = entries.map(([key, arb]) =>
    required.has(key)
      ? arb.map((v) => [key, v] as const)
      : fc.option(
          arb.map((v) => [key, v] as const),
          { freq, nil: undefined },
        ),
  );
  return fc.tuple(...fields).map((pairs) => {
    const out: Record<string, unknown> = {};
    for (const p of pairs) if (p !== undefined) out[p[0]] = p[1];
    return out;
  });
}

function valueArbitrary(t: FactType, path: string, ctx: Ctx, node: Node): fc.Arbitrary<unknown> {
  const b = ctx.boundaries.get(path);
  switch (t.kind) {
    case "boolean":
      return fc.boolean();
    case "number": {
      const min = Math.ceil(t.minimum ?? -2);
      const max = Math.max(min, Math.floor(t.maximum ?? 64));
      const integer = node?.type === "integer" || (Array.isArray(node?.type) && node.type.includes("integer"));
      const fits = (n: number) =>
        n >= (t.minimum ?? -Infinity) && n <= (t.maximum ?? Infinity) && (!integer || Number.isInteger(n));
      return withEdges(
        fc.integer({ min: Math.max(-2, min), max: Math.min(Math.max(64, min), max) }),
        numberEdges(b).filter(fits),
      );
    }
    case "string": {
      const minLength = num(node?.minLength) ?? 0;
      const schemaMax = num(node?.maxLength);
      const maxLength = Math.max(minLength, schemaMax ?? minLength + 12);
      // The policy's own strings (a model name, a long prefix) are edges whatever their length;
      // only the schema bounds them.
      const fits = (v: string) => v.length >= minLength && (schemaMax === undefined || v.length <= schemaMax);
      return withEdges(
        fc.string({ minLength, maxLength: Math.min(maxLength, minLength + 12) }),
        b === undefined ? [] : [...b.strings].filter(fits),
      );
    }
    case "version":
      return withEdges(randomVersion(), versionEdges(b));
    case "datetime":
      return withEdges(
        fc.integer({ min: -400, max: 30 }).map((d) => new Date(ctx.nowMs + d * DAY).toISOString()),
        instantEdges(b, ctx.nowMs).map((ms) => new Date(ms).toISOString()),
      );
    case "date":
      return withEdges(
        fc.integer({ min: -800, max: 30 }).map((d) => new Date(ctx.nowMs + d * DAY).toISOString().slice(0, 10)),
        dateEdges(b),
      );
    case "duration":
      return fc.integer({ min: 0, max: 90 * DAY });
    case "enum":
      return fc.constantFrom(...(t.values.length > 0 ? t.values : [""]));
    case "list": {
      const minLength = num(node?.minItems) ?? 0;
      const maxLength = Math.max(minLength, Math.min(num(node?.maxItems) ?? 4, minLength + 4));
      return fc.array(valueArbitrary(t.element, path, ctx, child(node, "items")), { minLength, maxLength });
    }
    case "object":
      return objectArbitrary(t, path, ctx, node);
    case "error":
      return fc.constant(null);
  }
}

function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/** Mix the policy's edge values (about half the time) with general random values. */
function withEdges<T>(general: fc.Arbitrary<T>, edges: T[]): fc.Arbitrary<T> {
  if (edges.length === 0) return general;
  return fc.oneof({ arbitrary: fc.constantFrom(...edges), weight: 1 }, { arbitrary: general, weight: 1 });
}

function randomVersion(): fc.Arbitrary<string> {
  return fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 4 }).map((parts) => parts.join("."));
}
