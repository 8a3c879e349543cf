import { describe, expect, it } from "vitest";
import { loadPolicySources } from "@tenet/parser";
import { compile } from "../compile/compile.js";
import { evaluate } from "../evaluate/evaluate.js";
import { renderRemediation } from "./remediation.js";

const NOW = "2026-11-25T12:00:00Z";

function remediationFor(text: string, device: Record<string, unknown>) {
  const loaded = loadPolicySources([{ path: "p.tenet", text }]);
  const result = evaluate(compile(loaded.value), device, { now: NOW });
  return {
    diagnostics: loaded.diagnostics.map((d) => d.code),
    remediation: result.policies[0]!.rules[0]!.explanation?.remediation,
  };
}

const policy = (remediation: string) =>
  `compliance p "P" { rule r "R" { require device.isEncrypted == true remediation "${remediation}" } }`;

describe("remediation text", () => {
  it("fills `{device.path}` placeholders and marks missing facts", () => {
    expect(
      remediationFor(policy("Encrypt {device.deviceName} ({device.model})"), {
        deviceName: "LAPTOP-7",
        isEncrypted: false,
      }),
    ).toEqual({
      diagnostics: [],
      remediation: "Encrypt LAPTOP-7 (<missing>)",
    });
  });

  it("keeps braces written `\\{` `\\}` as text, even around a fact path, and is not checked as a placeholder", () => {
    const text = policy("Open \\{Settings\\} and report \\{device.deviceName\\} as {device.deviceName}");
    expect(remediationFor(text, { deviceName: "LAPTOP-7", isEncrypted: false })).toEqual({
      diagnostics: [],
      remediation: "Open {Settings} and report {device.deviceName} as LAPTOP-7",
    });
  });

  it("still reports an unescaped unknown placeholder (CP2026)", () => {
    expect(remediationFor(policy("Open {Settings}"), { isEncrypted: false }).diagnostics).toEqual(["CP2026"]);
  });

  it("leaves placeholders of another root as written", () => {
    expect(renderRemediation("Ask {user.manager}", "device", {})).toBe("Ask {user.manager}");
  });
});
