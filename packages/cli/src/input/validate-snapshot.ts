import { Ajv, type ErrorObject, type Options, type ValidateFunction } from "ajv";
import { builtinSchema, nullableSchema, type FactSchema } from "@tenet/parser";
import { clearNotReported, notReportedByProperty } from "@tenet/evaluator";
import { errorRecord, type SnapshotRecord } from "./snapshot-record.js";
import { MAX_SNAPSHOT_VALUES, SHAPE_LIMITS, snapshotShapeProblem, valuesWithin } from "./snapshot-shape.js";

/** How snapshots are validated; `scripts/device-validator.mjs` generates the built-in schema's code with the same. */
export const SNAPSHOT_AJV_OPTIONS: Options = { strict: false, allErrors: false, validateFormats: false, logger: false };

/**
 * ajv's code for each top-level field of the nullable built-in device schema, generated at
 * build time beside this module (compiling the 74-property schema took 0.15-0.3 s of every
 * `check` start, and again in each worker). Absent (tests run from source), the schema is
 * compiled as any other.
 */
const precompiled = await import(new URL("./device-validator.js", import.meta.url).href).then(
  (m: { fieldValidators: Map<string, ValidateFunction> }) => m.fieldValidators,
  () => undefined,
);

/**
 * The context every top-level field's validator is called with. ajv's code destructures its
 * second parameter with a default of `{}`, which allocated an object per call (per field and
 * record); nothing it reads here differs between calls (no defaults, coercion or removal).
 */
const FIELD_CONTEXT = { instancePath: "" } as NonNullable<Parameters<ValidateFunction>[1]>;

/** A compiled check of one snapshot; `errors` holds the first problem found, as ajv reports it. */
interface SnapshotCheck {
  (value: object): boolean;
  errors?: ErrorObject[] | null;
}

/**
 * Validates records against the facts schema (compiled once). Only the top-level fields in
 * `reads` are validated (`factsRead` of the policy set: the fields its policies and the engine
 * read), with whatever the schema's root itself demands (`required`, a schema for other
 * fields); a value in another field cannot change a verdict, so it is not checked. Without
 * `reads`, every field is. Formats are not checked: a malformed version is an `error` for the
 * rules that read it, not a rejected snapshot; a `null` anywhere is a fact not reported, never
 * a schema violation. Device records first have Graph's other "not reported" placeholders
 * (`""`, 0001-01-01, `unknown`) turned into null.
 */
export function snapshotValidator(
  schema: FactSchema,
  reads?: ReadonlySet<string>,
  /** The built-in schema's per-field validators (tests from source pass them: the generated module is absent). */
  fields: Map<string, ValidateFunction> | undefined = precompiled,
): (record: SnapshotRecord) => SnapshotRecord {
  const builtin = schema.json === builtinSchema("device").json ? fields : undefined;
  const validate =
    (builtin === undefined ? undefined : fieldsCheck(builtin, reads)) ??
    new Ajv(SNAPSHOT_AJV_OPTIONS).compile(nullableSchema(onlyFields(schema.json, reads)));
  const graphDevice = schema.rootName === "device";
  const screen = builtin === undefined ? undefined : onePass(builtin, reads);
  return (record) => {
    if (record.error !== undefined) return record;
    const value = record.value;
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      return errorRecord(record.source, record.index, record.line, "CP4004", {
        type: value === null ? "null" : Array.isArray(value) ? "an array" : typeof value,
      });
    }
    // The built-in schema's records are screened in one pass (the usual record ends here);
    // anything it finds is decided by the separate steps below, which name the problem.
    const found = screen === undefined ? undefined : screen(value as Record<string, unknown>);
    if (found !== undefined && (found & CLEARED) !== 0) record.cleared = true;
    if (found === CLEARED || found === 0) return record;
    if (found === undefined || (found & OVER_LIMIT) !== 0) {
      const problem = snapshotShapeProblem(value);
      if (problem !== undefined)
        return errorRecord(record.source, record.index, record.line, "CP5061", { problem, ...SHAPE_LIMITS });
      if (graphDevice && clearNotReported(value) > 0) record.cleared = true;
    }
    if (validate(value) || (record.text !== undefined && textWhereStringExpected(validate, value, record.text)))
      return record;
    const first = validate.errors?.[0];
    const path = first?.instancePath === undefined || first.instancePath === "" ? "/" : first.instancePath;
    return errorRecord(record.source, record.index, record.line, "CP4003", {
      path,
      reason: first?.message ?? "invalid",
    });
  };
}

/**
 * The built-in schema's check from its generated per-field validators: the fields of `reads`
 * (all without it) in the schema's order, so the first problem is the one the whole schema's
 * validator reports first. Its root demands nothing more (the generator makes sure).
 */
function fieldsCheck(fields: Map<string, ValidateFunction>, reads: ReadonlySet<string> | undefined): SnapshotCheck {
  const checked = [...fields].filter(([name]) => reads === undefined || reads.has(name));
  const byName = new Map(checked);
  const check: SnapshotCheck = (value) => {
    const record = value as Record<string, unknown>;
    // A record has fewer fields than are read: looking each of its own up is the fast way to
    // pass (0.8 against 1.2 µs for the shipped library; the whole schema took 2.6).
    let valid = true;
    for (const name in record) {
      const validate = byName.get(name);
      if (validate === undefined) continue;
      const v = record[name];
      if (v !== undefined && !validate(v, FIELD_CONTEXT)) {
        valid = false;
        break;
      }
    }
    check.errors = null;
    if (valid) return true;
    // A problem: the one to report is the first in the schema's order, as the whole schema's validator found it.
    for (const [name, validate] of checked) {
      const v = record[name];
      if (v === undefined || validate(v, FIELD_CONTEXT)) continue;
      const at = `/${name.replace(/~/g, "~0").replace(/\//g, "~1")}`;
      check.errors = (validate.errors ?? []).map((e) => ({ ...e, instancePath: at + e.instancePath }));
      return false;
    }
    return true;
  };
  return check;
}

/** What `onePass` found, as bits: Graph placeholders cleared, a field invalid, past a size limit. */
const CLEARED = 1;
const INVALID = 2;
const OVER_LIMIT = 4;

/**
 * The built-in schema's three steps over a device record in one pass over its own fields
 * (its size within the limits, Graph's placeholders cleared, the fields of `reads` valid),
 * where each step took its own pass: 0 when all is well, else the bits above. Past a size
 * limit it stops at once.
 */
function onePass(
  fields: Map<string, ValidateFunction>,
  reads: ReadonlySet<string> | undefined,
): (record: Record<string, unknown>) => number {
  type Step = { validate: ValidateFunction | undefined; clear: ((r: Record<string, unknown>) => number) | undefined };
  const steps = new Map<string, Step>();
  for (const [name, validate] of fields)
    if (reads === undefined || reads.has(name)) steps.set(name, { validate, clear: undefined });
  for (const [name, clear] of notReportedByProperty()) steps.set(name, { validate: steps.get(name)?.validate, clear });
  return (record) => {
    let found = 0;
    // The record itself is the first value (as snapshotShapeProblem counts).
    let count = 1;
    for (const name in record) {
      const step = steps.get(name);
      // Cleared first: a placeholder is null by the time its field is validated and counted.
      if (step?.clear !== undefined && step.clear(record) > 0) found |= CLEARED;
      const item = record[name];
      if (
        step?.validate !== undefined &&
        (found & INVALID) === 0 &&
        item !== undefined &&
        !step.validate(item, FIELD_CONTEXT)
      )
        found |= INVALID;
      if (item === null || typeof item !== "object") {
        if (++count > MAX_SNAPSHOT_VALUES) return found | OVER_LIMIT;
      } else if ((count = valuesWithin(item, 1, count)) < 0) return found | OVER_LIMIT;
    }
    return found;
  };
}

/**
 * A schema whose root properties outside `reads` accept anything. They stay declared, so a
 * root `additionalProperties` or `patternProperties` still leaves them alone as before, and
 * every other root keyword (`required`, definitions) stays as written.
 */
function onlyFields(json: Record<string, unknown>, reads: ReadonlySet<string> | undefined): Record<string, unknown> {
  const properties = json["properties"];
  if (reads === undefined || properties === null || typeof properties !== "object") return json;
  const kept = Object.entries(properties as Record<string, unknown>).map(([name, sub]) => [
    name,
    reads.has(name) ? sub : {},
  ]);
  return { ...json, properties: Object.fromEntries(kept) };
}

/**
 * YAML reads `osVersion: 10.0` as the number 10. Where the schema rejects a number because it
 * wants a string, the scalar's own text (`"10.0"`) is put back and the snapshot validated
 * again, so the schema decides, not YAML's guess. Returns whether the snapshot now validates.
 */
function textWhereStringExpected(validate: SnapshotCheck, value: object, text: unknown): boolean {
  // Each round fixes one value; a snapshot has far fewer version-like strings than this.
  for (let round = 0; round < 256; round++) {
    const error = validate.errors?.[0];
    const wanted = error?.params["type"] as string | string[] | undefined;
    if (
      error === undefined ||
      error.keyword !== "type" ||
      !(Array.isArray(wanted) ? wanted : [wanted]).includes("string")
    )
      return false;
    const path = error.instancePath
      .split("/")
      .slice(1)
      .map((k) => k.replace(/~1/g, "/").replace(/~0/g, "~"));
    const key = path.pop();
    const parent = path.reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], value) as
      Record<string, unknown> | undefined;
    const original = path.reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], text) as
      Record<string, unknown> | undefined;
    if (
      key === undefined ||
      parent === undefined ||
      typeof parent[key] !== "number" ||
      typeof original?.[key] !== "string"
    )
      return false;
    parent[key] = original[key];
    if (validate(value)) return true;
  }
  return false;
}
