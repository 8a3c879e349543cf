type Json = Record<string, unknown>;

/**
 * A copy of a facts schema in which every property, at every depth, also accepts `null`:
 * Graph sends `null` for a fact it has no value for, and Tenet reads it as not reported
 * (missing), never as a malformed record. The root stays as declared.
 */
export function nullableSchema(schema: Json): Json {
  const copy = structuredClone(schema);
  forEachSubschema(copy, allowNull);
  return copy;
}

function allowNull(node: Json): void {
  const type = node["type"];
  if (typeof type === "string") node["type"] = type === "null" ? type : [type, "null"];
  else if (Array.isArray(type) && !type.includes("null")) node["type"] = [...type, "null"];
  const values = node["enum"];
  if (Array.isArray(values) && !values.includes(null)) node["enum"] = [...values, null];
  if (node["const"] !== undefined && node["const"] !== null) {
    node["enum"] = [node["const"], null];
    delete node["const"];
  }
  forEachSubschema(node, allowNull);
}

/** Visits the subschemas that describe values inside `node` (properties, items, map values). */
function forEachSubschema(node: Json, visit: (sub: Json) => void): void {
  const properties = node["properties"];
  if (isObject(properties)) for (const sub of Object.values(properties)) if (isObject(sub)) visit(sub);
  const items = node["items"];
  if (isObject(items)) visit(items);
  else if (Array.isArray(items)) for (const sub of items) if (isObject(sub)) visit(sub);
  const extra = node["additionalProperties"];
  if (isObject(extra)) visit(extra);
  const patterns = node["patternProperties"];
  if (isObject(patterns)) for (const sub of Object.values(patterns)) if (isObject(sub)) visit(sub);
}

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
