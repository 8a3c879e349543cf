import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import type { FactType } from "../check/fact-type.js";
import type { StageResult } from "../diagnostics/diagnostic.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import { emptySpan } from "../source/span.js";
import type { FactSchema } from "./fact-schema.js";

type Json = Record<string, unknown>;

/**
 * Reads a facts schema: a JSON Schema whose property types become Tenet types by Tenet's
 * conventions (`format: version|date-time|date`, `enum` + `x-tenet-ordered`,
 * `x-tenet-personal`). The schema must itself be valid JSON Schema (ajv compiles it).
 */
export function loadFactSchema(json: unknown, rootName: string, file: string): StageResult<FactSchema | undefined> {
  const fail = (reason: string) => ({
    value: undefined,
    diagnostics: [makeDiagnostic("CP2029", emptySpan(file), { file, reason })],
  });
  if (json === null || typeof json !== "object" || Array.isArray(json)) return fail("the schema must be a JSON object");
  try {
    // Formats are not validated here: a malformed version is a rule error at evaluation, not a schema error.
    new Ajv({ strict: false, allErrors: false, validateFormats: false, logger: false }).compile(json as Json);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  return readFactSchema(json as Json, rootName, fail);
}

/** The Tenet view of a schema already known to be valid JSON Schema (compiling it is most of a start-up's cost). */
function readFactSchema(
  json: Json,
  rootName: string,
  fail: (reason: string) => StageResult<FactSchema | undefined>,
): StageResult<FactSchema | undefined> {
  const root = typeOfSchema(json);
  if (root.kind !== "object") return fail('the root must describe an object (`"type": "object"`)');
  const personalPaths: string[] = [];
  collectPersonal(json, "", personalPaths);
  return { value: { rootName, json, root, personalPaths }, diagnostics: [] };
}

/** The Tenet type a JSON Schema node describes. */
export function typeOfSchema(node: Json): FactType {
  const type = Array.isArray(node["type"]) ? (node["type"] as unknown[]).find((t) => t !== "null") : node["type"];
  if (Array.isArray(node["enum"])) {
    const values = (node["enum"] as unknown[]).filter((v): v is string => typeof v === "string");
    return { kind: "enum", values, ordered: node["x-tenet-ordered"] === true };
  }
  switch (type) {
    case "string":
      return stringType(node["format"]);
    case "integer":
    case "number":
      return {
        kind: "number",
        ...(typeof node["minimum"] === "number" ? { minimum: node["minimum"] } : {}),
        ...(typeof node["maximum"] === "number" ? { maximum: node["maximum"] } : {}),
      };
    case "boolean":
      return { kind: "boolean" };
    case "array":
      return { kind: "list", element: isObject(node["items"]) ? typeOfSchema(node["items"]) : { kind: "string" } };
    case "object":
    case undefined: {
      const properties: Record<string, FactType> = {};
      const declared = isObject(node["properties"]) ? node["properties"] : {};
      // Defined, not assigned: a schema property named `__proto__` must stay a property, not a prototype.
      for (const [name, sub] of Object.entries(declared))
        if (isObject(sub))
          Object.defineProperty(properties, name, {
            value: typeOfSchema(sub),
            enumerable: true,
            writable: true,
            configurable: true,
          });
      const extra = node["additionalProperties"];
      const open = extra !== false;
      // A map (`{ policyId: timestamp }`) declares no properties, only the type of every value.
      if (Object.keys(properties).length === 0 && isObject(extra))
        return { kind: "object", properties: { "*": typeOfSchema(extra) }, open: true };
      return { kind: "object", properties, open };
    }
    default:
      return { kind: "string" };
  }
}

function stringType(format: unknown): FactType {
  if (format === "version") return { kind: "version" };
  if (format === "date-time") return { kind: "datetime" };
  if (format === "date") return { kind: "date" };
  return { kind: "string" };
}

function collectPersonal(node: Json, prefix: string, out: string[]): void {
  const properties = isObject(node["properties"]) ? node["properties"] : {};
  for (const [name, sub] of Object.entries(properties)) {
    if (!isObject(sub)) continue;
    const path = prefix === "" ? name : `${prefix}.${name}`;
    if (sub["x-tenet-personal"] === true) out.push(path);
    collectPersonal(sub, path, out);
    if (isObject(sub["items"])) collectPersonal(sub["items"], path, out);
  }
}

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

const builtins = new Map<string, FactSchema>();
const FILES = { device: "device.schema.json", signIn: "signin.schema.json" } as const;

/** One built-in schema (`device` or `signIn`), read once from the package's `schemas/` directory. */
export function builtinSchema(root: keyof typeof FILES): FactSchema {
  let schema = builtins.get(root);
  if (schema === undefined) {
    const url = new URL(`../../schemas/${FILES[root]}`, import.meta.url);
    // Shipped schemas are compiled by ajv in the tests (built-in-schemas.test.ts), not at every start.
    const loaded = readFactSchema(JSON.parse(readFileSync(url, "utf8")) as Json, root, (reason) => {
      throw new Error(`internal error: built-in schema ${FILES[root]} is invalid: ${reason}`);
    });
    if (loaded.value === undefined) throw new Error(`internal error: built-in schema ${FILES[root]} is invalid`);
    schema = loaded.value;
    builtins.set(root, schema);
  }
  return schema;
}

/** The built-in device (`device`) and sign-in (`signIn`) schemas shipped in `schemas/`. */
export function builtinSchemas(): { device: FactSchema; signIn: FactSchema } {
  return { device: builtinSchema("device"), signIn: builtinSchema("signIn") };
}
