import jsonLogic from "json-logic-js";
import { Engine } from "json-rules-engine";
import { celEnv, celFunc, CelScalar, parse as celParse, plan } from "@bufbuild/cel";
import { loadPolicySources, parseInstant } from "@tenet/parser";
import { compile, prepare } from "@tenet/evaluator";
import { deviceGenerator } from "./fleet.js";
import { cedarEngine } from "./cedar-engine.js";
import {
  ageMs,
  CEL_CHECKS,
  JS_CHECKS,
  JSON_LOGIC_CHECKS,
  RULES_ENGINE_CHECKS,
  TENET_POLICY,
  threatRank,
  versionGte,
} from "./peer-checks.js";

const PEER_NOW = parseInstant("2026-11-25T12:00:00Z").value!;

export type Engines = Record<string, (d: Record<string, unknown>) => string[] | Promise<string[]>>;

/** Windows devices with every fact present and well formed, so that every engine can read them the same way. */
export function peerDevices(count: number, seed = 11): Record<string, unknown>[] {
  const next = deviceGenerator(seed);
  const out: Record<string, unknown>[] = [];
  for (let i = 0; out.length < count; i++) {
    const d = next(i);
    if (
      d["operatingSystem"] !== "Windows" ||
      typeof d["isEncrypted"] !== "boolean" ||
      !/^[\d.]+$/.test(String(d["osVersion"])) ||
      typeof d["passcodeLength"] !== "number"
    )
      continue;
    if (
      typeof d["deviceHealthAttestationState"] !== "object" ||
      typeof d["windowsProtectionState"] !== "object" ||
      typeof d["deviceThreatLevel"] !== "string"
    )
      continue;
    const sync = String(d["lastSyncDateTime"]);
    if (!Number.isFinite(Date.parse(sync)) || new Date(sync).toISOString() !== sync) continue;
    out.push(d);
  }
  return out;
}

/** Each engine as a function from a device to its failing check ids (sorted). */
export function engines(): Engines {
  const compiled = compile(loadPolicySources([{ path: "peer.tenet", text: TENET_POLICY }]).value);
  jsonLogic.add_operation("versionGte", versionGte);
  jsonLogic.add_operation("threatRank", threatRank);
  jsonLogic.add_operation("ageMs", ageMs);
  const env = celEnv({
    funcs: [
      celFunc("versionGte", [CelScalar.STRING, CelScalar.STRING], CelScalar.BOOL, versionGte),
      celFunc("threatRank", [CelScalar.STRING], CelScalar.DOUBLE, threatRank),
      celFunc("ageMs", [CelScalar.STRING], CelScalar.DOUBLE, ageMs),
    ],
  });
  const cel = CEL_CHECKS.map(([id, expr]) => [id, plan(env, celParse(expr))] as const);
  const engine = new Engine([], { allowUndefinedFacts: true });
  engine.addOperator("versionGte", (a: unknown, b: unknown) => typeof a === "string" && versionGte(a, String(b)));
  engine.addOperator("threatAtMost", (a: unknown, b: unknown) => threatRank(String(a)) <= Number(b));
  engine.addOperator("ageAtMost", (a: unknown, b: unknown) => typeof a === "string" && ageMs(a) <= Number(b));
  for (const [id, condition] of RULES_ENGINE_CHECKS)
    engine.addRule({ name: id, conditions: { all: [condition as never] }, event: { type: id } });
  const sorted = (xs: string[]) => xs.sort();
  // Prepared once, as cel's `plan` is: the per-device call is what is compared.
  const failuresOnly = prepare(compiled, { now: PEER_NOW, explain: false, rules: "failures" });
  const full = prepare(compiled, { now: PEER_NOW, explain: false });
  return {
    // The failed-rule list, as the issue asks of every engine (states, grace and actions are still computed).
    tenet: (d) => sorted(failuresOnly.evaluate(d).policies[0]!.rules.map((r) => r.rule)),
    "tenet (full result)": (d) =>
      sorted(
        full
          .evaluate(d)
          .policies[0]!.rules.filter((r) => r.status !== "pass")
          .map((r) => r.rule),
      ),
    "hand-written JavaScript": (d) => sorted(JS_CHECKS.filter(([, check]) => !check(d)).map(([id]) => id)),
    "json-logic-js": (d) =>
      sorted(JSON_LOGIC_CHECKS.filter(([, rule]) => jsonLogic.apply(rule as never, d) !== true).map(([id]) => id)),
    "@bufbuild/cel": (d) => sorted(cel.filter(([, run]) => run({ d } as never) !== true).map(([id]) => id)),
    "@cedar-policy/cedar-wasm": cedarEngine(),
    "json-rules-engine": async (d) =>
      sorted(
        (await engine.run({ ...d, tpmSpecificationVersion: d["tpmSpecificationVersion"] ?? null })).failureResults.map(
          (r) => r.name as string,
        ),
      ),
  };
}
