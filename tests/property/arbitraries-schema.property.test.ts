/** @tenet/testing's arbitraries always produce snapshots and sign-ins the facts schemas accept (checked with ajv). */
import { readdirSync, readFileSync } from "node:fs";
import { Ajv } from "ajv";
import fc from "fast-check";
import { expect, it } from "vitest";
import { builtinSchema, loadPolicySources } from "@tenet/parser";
import { arbitrarySignIn, arbitrarySnapshot } from "@tenet/testing";

const dir = new URL("../../policies/compliance/", import.meta.url);
const near = loadPolicySources(
  readdirSync(dir)
    .filter((f) => f.endsWith(".tenet"))
    .map((f) => ({ path: f, text: readFileSync(new URL(f, dir), "utf8") })),
).value;
const access = loadPolicySources(
  ["admins", "everyone"].map((f) => ({
    path: f,
    text: readFileSync(new URL(`../../policies/access/${f}.tenet`, import.meta.url), "utf8"),
  })),
).value;
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });

it("generated device snapshots satisfy the device schema", () => {
  const validate = ajv.compile(builtinSchema("device").json);
  fc.assert(
    fc.property(arbitrarySnapshot(builtinSchema("device"), { near, now: "2026-11-25T12:00:00Z" }), (d) => {
      expect(validate(d), JSON.stringify(validate.errors)).toBe(true);
    }),
    { numRuns: 500, seed: 31 },
  );
});

it("generated sign-ins satisfy the sign-in schema", () => {
  const validate = ajv.compile(builtinSchema("signIn").json);
  fc.assert(
    fc.property(arbitrarySignIn({ near: access }), (s) => {
      expect(validate(s), JSON.stringify(validate.errors)).toBe(true);
    }),
    { numRuns: 500, seed: 31 },
  );
});
