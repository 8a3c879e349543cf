import { describe, expect, it } from "vitest";
import { loadFactSchema } from "../schema/load-fact-schema.js";
import { loadPolicySources } from "./load-policy-sources.js";

const NOW = Date.parse("2026-11-25T12:00:00Z");
const load = (text: string, more: { path: string; text: string }[] = []) =>
  loadPolicySources([{ path: "policies/main.tenet", text }, ...more], { now: NOW });
const codes = (text: string, more: { path: string; text: string }[] = []) =>
  load(text, more)
    .diagnostics.filter((d) => d.code !== "CP2033")
    .map((d) => `${d.code}@${d.span.start.line}:${d.span.start.column}`);
const rule = (require: string) => `compliance p "P" {\n  rule r "R" { require ${require} remediation "fix" }\n}`;

describe("facts and types", () => {
  it("accepts a well-typed policy and records the type of every fact", () => {
    const r = load(
      rule(
        'device.osVersion >= "10.0.19045" and device.deviceThreatLevel <= "low" and device.lastSyncDateTime within 30d',
      ),
    );
    expect(r.diagnostics).toEqual([]);
    const kinds = [...r.value.types.entries()].filter(([e]) => e.kind === "Path").map(([, t]) => t.kind);
    expect(kinds).toEqual(["version", "enum", "datetime"]);
  });

  it("names an unknown fact with the closest declared one", () => {
    const r = load(rule('device.osVersoin >= "1"'));
    expect(r.diagnostics.map((d) => [d.code, d.message, d.help])).toEqual([
      ["CP2001", "unknown fact `device.osVersoin`", "did you mean `osVersion`?"],
    ]);
    expect(r.diagnostics[0]?.span.start).toMatchObject({ line: 2, column: 24 });
  });

  it("validates literals against the fact's type", () => {
    expect(codes(rule('device.osVersion >= "10.x"'))).toEqual(["CP2004@2:44"]);
    expect(codes(rule('device.deviceThreatLevel == "severe"'))).toEqual(["CP2008@2:52"]);
    expect(codes(rule("device.osVersion >= 10"))).toEqual(["CP2003@2:24"]);
    expect(codes(rule('device.deviceName < "m"'))).toEqual(["CP2030@2:24"]);
    expect(codes(rule("device.osVersion"))).toEqual(["CP2007@2:24"]);
    expect(codes(rule("device.passcodeLength within 3d"))).toEqual(["CP2006@2:24"]);
    expect(codes(rule('device.deviceName matches "(a"'))).toEqual(["CP2017@2:50"]);
    expect(codes(rule("device.isEncrypted in true"))).toEqual(["CP2027@2:46"]);
  });

  it("types quantifier variables by the list's elements and keeps them scoped", () => {
    expect(codes(rule('any app in device.detectedApps where app.displayName startsWith "Zoom"'))).toEqual([]);
    expect(
      codes(rule('(any app in device.detectedApps where app.displayName == "x") and app.version is present')),
    ).toEqual(["CP2002@2:90"]);
    expect(codes(rule('device.detectedApps.displayName == "x"'))).toEqual(["CP2001@2:24"]);
  });
});

describe("names", () => {
  it("resolves lets, including imported ones, and reports cycles and unused lets", () => {
    const shared = { path: "policies/shared/versions.tenet", text: 'let min-win = "10.0.19045"\nlet unused = 1' };
    const r = load(`import "shared/versions.tenet"\n${rule("device.osVersion >= min-win")}`, [shared]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["CP2031"]);
    const [path, target] = [...r.value.letTargets.entries()][0]!;
    expect([path.segments[0]?.name, target.name.name]).toEqual(["min-win", "min-win"]);
    expect(codes(`let a = b == 1\nlet b = a\n${rule("a")}`)).toContain("CP2028@1:5");
    expect(codes(`import "missing.tenet"\n${rule("device.isEncrypted")}`)).toEqual(["CP2016@1:8"]);
    const cyclic = loadPolicySources([
      { path: "a.tenet", text: 'import "b.tenet"' },
      { path: "b.tenet", text: 'import "a.tenet"' },
    ]);
    expect(cyclic.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["CP2015", "import cycle: `a.tenet` -> `b.tenet` -> `a.tenet`"],
    ]);
  });

  it("rejects duplicate policies, rules and clauses", () => {
    const text = `compliance p { rule r { require device.isEncrypted severity low severity high } rule r { require true } }\ncompliance p { }`;
    expect(codes(text)).toEqual(["CP2022@1:65", "CP2012@1:86", "CP2011@2:12"]);
  });

  it("checks platforms, enforcement levels and frameworks with suggestions", () => {
    const r = load(
      'compliance p { platform windwos enforcement hrad controls iso2701 "A.1", acme-internal "X-1" rule r { require device.isEncrypted } }',
    );
    expect(r.diagnostics.filter((d) => d.code !== "CP2033").map((d) => [d.code, d.help])).toEqual([
      ["CP2009", "did you mean `windows`?"],
      ["CP2023", "did you mean `hard`?"],
      ["CP2010", "did you mean `iso27001`?"],
    ]);
    expect(r.value.compliance[0]?.controls).toEqual([{ framework: "acme-internal", id: "X-1" }]);
  });
});

describe("normalisation", () => {
  it("fills defaults and lets rules inherit the policy's enforcement and controls", () => {
    const r = load(`compliance p { enforcement hard on unknown fail controls cis "1.1"
  rule a { require device.isEncrypted controls iso27001 "A.8.24" }
  rule b { require device.firewallEnabled enforcement advisory severity critical } }`);
    const [a, b] = r.value.compliance[0]!.rules;
    expect(a).toMatchObject({
      id: "p.a",
      severity: "medium",
      enforcement: "hard",
      onUnknown: "fail",
      controls: [{ framework: "iso27001" }, { framework: "cis" }],
    });
    expect(b).toMatchObject({ enforcement: "advisory", severity: "critical" });
    expect(r.value.compliance[0]!.schedule).toEqual([{ afterMillis: 0, action: "markNoncompliant", args: [] }]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["CP2033", "CP2033", "CP2033", "CP2033"]);
  });

  it("sorts the schedule and rejects unknown or repeated actions", () => {
    const r = load(`compliance p { rule a "A" { require device.isEncrypted remediation "r" }
  on noncompliant { after 30d retire after 72h mark noncompliant after 0h notify ["t"] after 1d mark noncompliant after 2d explode } }`);
    expect(r.value.compliance[0]!.schedule.map((s) => `${s.action}@${s.afterMillis / 3_600_000}h`)).toEqual([
      "notify@0h",
      "markNoncompliant@72h",
      "retire@720h",
    ]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["CP2024", "CP2024"]);
  });

  it("checks waivers: known rules, never hard ones, required fields, expiry", () => {
    const policy = `compliance p { rule soft-r "S" { require device.isEncrypted remediation "r" } rule hard-r "H" { require device.firewallEnabled enforcement hard remediation "r" } }`;
    const r = load(`${policy}
waiver w { rules p.soft-r, p.hard-r, p.nope, q.* reason "lab" approver "sec@x" expires 2026-01-01 }
waiver v { rules p.* scope device.deviceName startsWith "LAB-" }`);
    expect(r.diagnostics.map((d) => `${d.code}@${d.span.start.line}`)).toEqual([
      "CP2020@2",
      "CP2018@2",
      "CP2018@2",
      "CP2019@2",
      "CP2021@3",
      "CP2021@3",
      "CP2021@3",
    ]);
    expect(r.value.waivers.map((w) => [w.name, w.rules, w.expiresMillis])).toEqual([
      [
        "w",
        [
          { policy: "p", rule: "soft-r" },
          { policy: "p", rule: "hard-r" },
        ],
        Date.parse("2026-01-01T00:00:00Z"),
      ],
    ]);
  });

  it("checks property claims against known policies", () => {
    const policies = `compliance base { rule a "A" { require device.isEncrypted remediation "r" } }`;
    expect(codes(`${policies}\nproperty s { expect base stricterThan bsae }`)).toEqual(["CP2060@2:39"]);
    expect(codes(`${policies}\nproperty s { expect requires mfx }`)).toEqual(["CP2061@2:30"]);
    expect(codes(`${policies}\nproperty s { assume signIn.user.id == "bg" expect never blocked runs 100 }`)).toEqual(
      [],
    );
  });

  it("gives the same hash for the same sources and a different one after an edit", () => {
    const a = load(rule("device.isEncrypted")).value.hash;
    expect(load(rule("device.isEncrypted")).value.hash).toBe(a);
    expect(load(rule("device.isEncrypted == true")).value.hash).not.toBe(a);
  });
});

describe("custom facts schemas", () => {
  it("types facts from any JSON Schema with Tenet's conventions", () => {
    const schema = loadFactSchema(
      {
        type: "object",
        properties: {
          agent: {
            type: "object",
            properties: {
              version: { type: "string", format: "version" },
              tier: { enum: ["bronze", "silver", "gold"], "x-tenet-ordered": true },
            },
          },
        },
      },
      "device",
      "custom.json",
    ).value!;
    const r = loadPolicySources(
      [
        {
          path: "c.tenet",
          text: 'compliance c { rule a "A" { require device.agent.version >= "7.2" and device.agent.tier >= "silver" remediation "r" } }',
        },
      ],
      { schemas: { device: schema } },
    );
    expect(r.diagnostics).toEqual([]);
    expect(
      loadFactSchema({ type: "object", properties: { a: { type: 12 } } }, "device", "bad.json").diagnostics[0]?.code,
    ).toBe("CP2029");
  });
});
