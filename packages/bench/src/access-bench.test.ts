import { expect, it } from "vitest";
import { loadPolicySources } from "@tenet/parser";
import { tenantPolicies } from "./access-bench.js";

it("the benchmark's 50 tenant access policies are valid Tenet", () => {
  const loaded = loadPolicySources([{ path: "tenant.tenet", text: tenantPolicies() }]);
  expect(loaded.diagnostics).toEqual([]);
  expect(loaded.value.access).toHaveLength(50);
});
