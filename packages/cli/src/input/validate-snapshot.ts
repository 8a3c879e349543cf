import { Ajv, type Options, type ValidateFunction } from "ajv";
import { builtinSchema, nullableSchema, type FactSchema } from "@tenet/parser";
import { clearNotReported } from "@tenet/evaluator";
import { errorRecord, type SnapshotRecord } from "./snapshot-record.js";
import { SHAPE_LIMITS, snapshotShapeProblem } from "./snapshot-shape.js";

/** How snapshots are validated; `scripts/device-validator.mjs` generates the built-in schema's code with the same. */
export const SNAPSHOT_AJV_OPTIONS: Options = { strict: false, allErrors: false, validateFormats: false, logger: false };

/**
 * ajv's code for the nullable built-in device schema, generated at build time beside this
 * module (compiling the 74-property schema took 0.15-0.3 s of every `check` start, and again
 * in each worker). Absent (tests run from source), the schema is compiled as any other.
 */
const precompiled = await import(new URL("./device-validator.js", import.meta.url).href).then(
  (m: { default: ValidateFunction }) => m.default,
  () => undefined,
);

/**
 * Validates records against the facts schema (compiled once). Formats are not checked: a
 * malformed version is an `error` for the rules that read it, not a rejected snapshot; a
 * `null` anywhere is a fact not reported, never a schema violation. Device records first have
 * Graph's other "not reported" placeholders (`""`, 0001-01-01, `unknown`) turned into null.
 */
export function snapshotValidator(schema: FactSchema): (record: SnapshotRecord) => SnapshotRecord {
  const validate: ValidateFunction =
    (schema.json === builtinSchema("device").json ? precompiled : undefined) ??
    new Ajv(SNAPSHOT_AJV_OPTIONS).compile(nullableSchema(schema.json));
  const graphDevice = schema.rootName === "device";
  return (record) => {
    if (record.error !== undefined) return record;
    const value = record.value;
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      return errorRecord(record.source, record.index, record.line, "CP4004", {
        type: value === null ? "null" : Array.isArray(value) ? "an array" : typeof value,
      });
    }
    const problem = snapshotShapeProblem(value);
    if (problem !== undefined)
      return errorRecord(record.source, record.index, record.line, "CP5061", { problem, ...SHAPE_LIMITS });
    if (graphDevice) clearNotReported(value);
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
 * YAML reads `osVersion: 10.0` as the number 10. Where the schema rejects a number because it
 * wants a string, the scalar's own text (`"10.0"`) is put back and the snapshot validated
 * again, so the schema decides, not YAML's guess. Returns whether the snapshot now validates.
 */
function textWhereStringExpected(validate: ValidateFunction, value: object, text: unknown): boolean {
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
