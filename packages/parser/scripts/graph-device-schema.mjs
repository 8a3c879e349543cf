// Completes schemas/device.schema.json from Microsoft Graph's v1.0 CSDL (the $metadata document,
// github.com/microsoftgraph/msgraph-metadata, schemas/v1.0-Prod.csdl): every `managedDevice`
// property, with the types of the Graph reference, every one nullable (Graph sends `null` for
// "not reported"). Properties already in the schema keep Tenet's typing (formats, enums, ordered
// enums, descriptions); only Graph properties it lacks are added, and nested Graph objects gain
// their missing members. Run again when Graph adds properties:
//   pnpm build && node packages/parser/scripts/graph-device-schema.mjs path/to/v1.0-Prod.csdl
import { readFileSync, writeFileSync } from "node:fs";
import { nullableSchema } from "../dist/index.js";

const csdl = readFileSync(process.argv[2], "utf8");
const schemaUrl = new URL("../schemas/device.schema.json", import.meta.url);
const schema = JSON.parse(readFileSync(schemaUrl, "utf8"));

// Navigation properties that are collections of other entities (users, configuration states,
// log requests) are not device facts; deviceCompliancePolicyStates is described by its own
// change (per-setting reported states).
const SKIP = new Set([
  "users",
  "deviceConfigurationStates",
  "logCollectionRequests",
  "deviceCompliancePolicyStates",
  "detectedMalwareState",
]);

function typeBody(kind, name) {
  const m = new RegExp(`<${kind} Name="${name}"[^>]*>([\\s\\S]*?)</${kind}>`).exec(csdl);
  return m?.[1];
}

function members(name) {
  for (const kind of ["EntityType", "ComplexType"]) {
    const body = typeBody(kind, name);
    if (body === undefined) continue;
    const out = [];
    for (const m of body.matchAll(/<(Property|NavigationProperty) Name="(\w+)" Type="([^"]+)"/g))
      if (!SKIP.has(m[2])) out.push([m[2], m[3]]);
    return out;
  }
  return undefined;
}

function enumMembers(name) {
  const m = new RegExp(`<EnumType Name="${name}"( IsFlags="true")?[^>]*>([\\s\\S]*?)</EnumType>`).exec(csdl);
  if (m === null) return undefined;
  // A flags enum is sent as a comma-separated list of members: a string, not one member.
  if (m[1] !== undefined) return { flags: true };
  return { values: [...m[2].matchAll(/Member Name="(\w+)"/g)].map((x) => x[1]) };
}

function schemaFor(graphType, depth) {
  const collection = /^Collection\((.+)\)$/.exec(graphType);
  if (collection) return { type: "array", items: schemaFor(collection[1], depth) };
  switch (graphType) {
    case "Edm.String":
    case "Edm.Guid":
    case "Edm.Binary":
    case "Edm.Duration":
      return { type: "string" };
    case "Edm.Boolean":
      return { type: "boolean" };
    case "Edm.Int16":
    case "Edm.Int32":
    case "Edm.Int64":
    case "Edm.Byte":
      return { type: "integer" };
    case "Edm.Double":
    case "Edm.Single":
    case "Edm.Decimal":
      return { type: "number" };
    case "Edm.DateTimeOffset":
      return { type: "string", format: "date-time" };
    case "Edm.Date":
      return { type: "string", format: "date" };
  }
  const name = graphType.replace(/^graph\./, "");
  const e = enumMembers(name);
  if (e?.flags) return { type: "string", description: `Graph flags enum \`${name}\` (comma-separated members)` };
  if (e) return { type: "string", enum: e.values };
  const props = depth < 3 ? members(name) : undefined;
  if (props === undefined) return { type: "object", additionalProperties: true };
  const properties = {};
  for (const [p, t] of props) properties[p] = schemaFor(t, depth + 1);
  return { type: "object", properties, additionalProperties: true };
}

/** Adds the Graph members `target` lacks, recursively into objects both describe. */
function merge(target, graph) {
  if (graph.properties === undefined) return;
  target.properties ??= {};
  for (const [name, sub] of Object.entries(graph.properties)) {
    const have = target.properties[name];
    if (have === undefined) target.properties[name] = sub;
    else if (sub.type === "object") merge(have, sub);
    else if (sub.type === "array" && sub.items?.type === "object" && have.items !== undefined)
      merge(have.items, sub.items);
  }
}

const graph = { properties: { id: { type: "string" } } };
for (const [p, t] of members("managedDevice")) graph.properties[p] = schemaFor(t, 1);
for (const [name, sub] of Object.entries(graph.properties)) {
  sub.description ??= `Graph \`managedDevice.${name}\` (v1.0)`;
}
merge(schema, graph);
writeFileSync(schemaUrl, `${JSON.stringify(nullableSchema(schema), null, 2)}\n`);
console.log(`device.schema.json: ${Object.keys(schema.properties).length} properties`);
