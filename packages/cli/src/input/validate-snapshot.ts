import { Ajv, type ValidateFunction } from "ajv";
import type { FactSchema } from "@tenet/parser";
import { errorRecord, type SnapshotRecord } from "./snapshot-record.js";

/**
 * Validates records against the facts schema (compiled once). Formats are not checked: a
 * malformed version is an `error` for the rules that read it, not a rejected snapshot.
 */
export function snapshotValidator(schema: FactSchema): (record: SnapshotRecord) => SnapshotRecord {
  const validate: ValidateFunction = new Ajv({ strict: false, allErrors: false, validateFormats: false, logger: false }).compile(schema.json);
  return (record) => {
    if (record.error !== undefined) return record;
    const value = record.value;
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      return errorRecord(record.source, record.index, record.line, "CP4004", { type: value === null ? "null" : Array.isArray(value) ? "an array" : typeof value });
    }
    if (validate(value)) return record;
    const first = validate.errors?.[0];
    const path = first?.instancePath === undefined || first.instancePath === "" ? "/" : first.instancePath;
    return errorRecord(record.source, record.index, record.line, "CP4003", { path, reason: first?.message ?? "invalid" });
  };
}
