import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { builtinSchemas, loadFactSchema } from "./load-fact-schema.js";

// builtinSchema() trusts the shipped files (it skips ajv's compile to start fast): this proves them.
describe("built-in schemas", () => {
  for (const [root, file] of [
    ["device", "device.schema.json"],
    ["signIn", "signin.schema.json"],
  ] as const) {
    it(`${file} compiles under ajv and reads as the schema builtinSchemas() returns`, () => {
      const json: unknown = JSON.parse(readFileSync(new URL(`../../schemas/${file}`, import.meta.url), "utf8"));
      const loaded = loadFactSchema(json, root, file);
      expect(loaded.diagnostics).toEqual([]);
      const builtin = builtinSchemas()[root];
      expect(loaded.value?.root).toEqual(builtin.root);
      expect(loaded.value?.personalPaths).toEqual(builtin.personalPaths);
    });
  }
});
