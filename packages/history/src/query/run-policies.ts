import { loadFactSchema, loadPolicySources, type CheckedPolicySet } from "@tenet/parser";
import type { Queryable } from "../driver/driver.js";
import type { PolicyBundle } from "../record/record-run.js";

/**
 * The policy set a run was evaluated with, checked again from the sources the store keeps
 * (as replay does), for reading its controls and waivers; `at` is the run's instant.
 */
export async function runPolicies(db: Queryable, policySetHash: string, at: string): Promise<CheckedPolicySet> {
  const bundle = (
    await db.query<{ bundle: PolicyBundle }>("SELECT bundle FROM policy_sets WHERE hash = $1", [policySetHash])
  )[0]!.bundle;
  const schema =
    bundle.schema === undefined ? undefined : loadFactSchema(bundle.schema.json, "device", bundle.schema.file).value;
  return loadPolicySources(bundle.sources, {
    now: Date.parse(at),
    ...(schema === undefined ? {} : { schemas: { device: schema } }),
  }).value;
}
