import { Ajv, type ValidateFunction } from "ajv";
import { nullableSchema, type FactSchema } from "@tenet/parser";
import { clearNotReported } from "@tenet/evaluator";
import { errorRecord, type SnapshotRecord } from "./snapshot-record.js";
import { SHAPE_LIMITS, snapshotShapeProblem } from "./snapshot-shape.js";

/**
 * Validates records against the facts schema (compiled once). Formats are not checked: a
 * malformed version is an `error` for the rules that read it, not a rejected snapshot; a
 * `null` anywhere is a fact not reported, never a schema violation. Device records first have
 * Graph's other "not reported" placeholders (`""`, 0001-01-01, `unknown`) turned into null.
 */
export function snapshotValidator(schema: FactSchema): (record: SnapshotRecord) => SnapshotRecord {
  const validate: ValidateFunction = new Ajv({ strict: false, allErrors: false, validateFormats: false, logger: false }).compile(nullableSchema(schema.json));
  const graphDevice = schema.rootName === "device";
  return (record) => {
    if (record.error !== undefined) return record;
    const value = record.value;
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      return errorRecord(record.source, record.index, record.line, "CP4004", { type: value === null ? "null" : Array.isArray(value) ? "an array" : typeof value });
    }
    const problem = snapshotShapeProblem(value);
    if (problem !== undefined) return errorRecord(record.source, record.index, record.line, "CP5061", { problem, ...SHAPE_LIMITS });
    if (graphDevice) clearNotReported(value);
    if (validate(value)) return record;
    const first = validate.errors?.[0];
    const path = first?.instancePath === undefined || first.instancePath === "" ? "/" : first.instancePath;
    return errorRecord(record.source, record.index, record.line, "CP4003", { path, reason: first?.message ?? "invalid" });
  };
}
