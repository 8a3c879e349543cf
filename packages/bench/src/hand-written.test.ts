import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { loadPolicySources } from "@tenet/parser";
import { compile, evaluate } from "@tenet/evaluator";
import { deviceGenerator } from "./fleet.js";
import { handWrittenWindows } from "./hand-written.js";

it("the hand-written baseline decides exactly like Tenet on 2,000 generated Windows devices", () => {
  const text = readFileSync(new URL("../../../policies/compliance/windows.tenet", import.meta.url), "utf8");
  const compiled = compile(loadPolicySources([{ path: "windows.tenet", text }]).value);
  const next = deviceGenerator(99);
  let checked = 0;
  for (let i = 0; checked < 2000; i++) {
    const d = next(i);
    if (d["operatingSystem"] !== "Windows") continue;
    checked++;
    const rules = evaluate(compiled, d, { now: "2026-11-25T12:00:00Z", explain: false }).policies[0]!.rules;
    const tenet = {
      fail: rules.filter((r) => r.status === "fail").map((r) => r.id),
      error: rules.filter((r) => r.status === "error").map((r) => r.id),
    };
    expect(handWrittenWindows(d), JSON.stringify(d)).toEqual(tenet);
  }
});
