// Generates dist/input/device-validator.js after `tsc -b`: ajv's standalone code for the
// nullable built-in device schema, with the options `snapshotValidator` compiles any other
// schema with, so `tenet check` (and each --jobs worker) does not compile it at every start.
import { writeFileSync } from "node:fs";
import { Ajv } from "ajv";
import standaloneCode from "ajv/dist/standalone/index.js";
import { builtinSchema, nullableSchema } from "@tenet/parser";
import { SNAPSHOT_AJV_OPTIONS } from "../dist/input/validate-snapshot.js";

const ajv = new Ajv({ ...SNAPSHOT_AJV_OPTIONS, code: { source: true, esm: true } });
const validate = ajv.compile(nullableSchema(builtinSchema("device").json));
writeFileSync(new URL("../dist/input/device-validator.js", import.meta.url), standaloneCode(ajv, validate));
