// Generates dist/input/device-validator.js after `tsc -b`: ajv's standalone code for each
// top-level property of the nullable built-in device schema, with the options
// `snapshotValidator` compiles any other schema with, so `tenet check` (and each --jobs worker)
// compiles nothing at start and validates only the fields its policies read.
import { writeFileSync } from "node:fs";
import { Ajv } from "ajv";
import standaloneCode from "ajv/dist/standalone/index.js";
import { builtinSchema, nullableSchema } from "@tenet/parser";
import { SNAPSHOT_AJV_OPTIONS } from "../dist/input/validate-snapshot.js";

const schema = nullableSchema(builtinSchema("device").json);
// The root only says `type: object` (checked before validation, CP4004) and allows other fields.
if (schema.additionalProperties !== true || schema.required !== undefined || schema.patternProperties !== undefined)
  throw new Error("the built-in device schema constrains more than its properties: validate it whole");
const ajv = new Ajv({ ...SNAPSHOT_AJV_OPTIONS, code: { source: true, esm: true } });
const names = Object.keys(schema.properties);
names.forEach((name, i) => ajv.addSchema(schema.properties[name], `p${i}`));
const code = standaloneCode(ajv, Object.fromEntries(names.map((_, i) => [`p${i}`, `p${i}`])));
const map = names.map((name, i) => `[${JSON.stringify(name)}, p${i}]`).join(", ");
writeFileSync(
  new URL("../dist/input/device-validator.js", import.meta.url),
  `${code}\n/** Each top-level field's validator, in the schema's order. */\nexport const fieldValidators = new Map([${map}]);\n`,
);
