import { describe, expect, it } from "vitest";
import type { Span } from "../source/span.js";
import type { EntraFilterExpr } from "./access-model.js";
import { parseEntraFilter } from "./entra-filter.js";

// The rule's string literal opens at column 10 of line 3 (offset 40).
const SPAN: Span = {
  file: "p.tenet",
  start: { line: 3, column: 10, offset: 40 },
  end: { line: 3, column: 60, offset: 90 },
};

const parse = (rule: string) => parseEntraFilter(rule, SPAN);
const ok = (rule: string): EntraFilterExpr => {
  const r = parse(rule);
  expect(r.diagnostics).toEqual([]);
  return r.value!;
};
const cmp = (property: string, operator: string, value: unknown) => ({ kind: "compare", property, operator, value });
const fails = (rule: string) => {
  const r = parse(rule);
  expect(r.value).toBeUndefined();
  expect(r.diagnostics).toHaveLength(1);
  return r.diagnostics[0]!;
};

describe("parseEntraFilter: accepted rules", () => {
  it("reads a comparison with a quoted string", () => {
    expect(ok('device.trustType -eq "AzureAD"')).toEqual(cmp("trustType", "eq", "AzureAD"));
  });

  it("reads operators in any case and without the leading dash", () => {
    expect(ok('device.model -STARTSWITH "Surface"')).toEqual(cmp("model", "startsWith", "Surface"));
    expect(ok('device.model notEndsWith "Pro"')).toEqual(cmp("model", "notEndsWith", "Pro"));
    expect(ok('device.displayName -NotContains "kiosk"')).toEqual(cmp("displayName", "notContains", "kiosk"));
  });

  it("normalises property names written in another case", () => {
    expect(ok('device.deviceid -eq "d1"')).toEqual(cmp("deviceId", "eq", "d1"));
  });

  it("unescapes quotes inside strings", () => {
    expect(ok('device.displayName -eq "say \\"hi\\""')).toEqual(cmp("displayName", "eq", 'say "hi"'));
  });

  it("reads True/False, quoted or not, as booleans on boolean properties", () => {
    expect(ok("device.isCompliant -eq True")).toEqual(cmp("isCompliant", "eq", true));
    expect(ok("device.isManaged -ne false")).toEqual(cmp("isManaged", "ne", false));
    expect(ok('device.isCompliant -eq "True"')).toEqual(cmp("isCompliant", "eq", true));
  });

  it("reads null checks and lists", () => {
    expect(ok("device.extensionAttribute1 -eq null")).toEqual(cmp("extensionAttribute1", "eq", null));
    expect(ok('device.mdmAppId -in ["a", "b"]')).toEqual(cmp("mdmAppId", "in", ["a", "b"]));
    expect(ok('device.operatingSystem -notIn ["iOS"]')).toEqual(cmp("operatingSystem", "notIn", ["iOS"]));
  });

  it("binds -and tighter than -or", () => {
    const a = cmp("model", "eq", "a");
    const b = cmp("model", "eq", "b");
    const c = cmp("model", "eq", "c");
    expect(ok('device.model -eq "a" -or device.model -eq "b" -and device.model -eq "c"')).toEqual({
      kind: "or",
      left: a,
      right: { kind: "and", left: b, right: c },
    });
    expect(ok('device.model -eq "a" -and device.model -eq "b" -or device.model -eq "c"')).toEqual({
      kind: "or",
      left: { kind: "and", left: a, right: b },
      right: c,
    });
  });

  it("binds -not tighter than -and but looser than the comparison", () => {
    const a = cmp("model", "eq", "a");
    const b = cmp("model", "eq", "b");
    expect(ok('-not device.model -eq "a" -and device.model -eq "b"')).toEqual({
      kind: "and",
      left: { kind: "not", operand: a },
      right: b,
    });
  });

  it("lets parentheses override precedence", () => {
    const a = cmp("model", "eq", "a");
    const b = cmp("model", "eq", "b");
    const c = cmp("model", "eq", "c");
    expect(ok('(device.model -eq "a" -or device.model -eq "b") -and device.model -eq "c"')).toEqual({
      kind: "and",
      left: { kind: "or", left: a, right: b },
      right: c,
    });
    expect(ok('-not (device.model -eq "a" -or device.model -eq "b")')).toEqual({
      kind: "not",
      operand: { kind: "or", left: a, right: b },
    });
  });

  it("chains -and left to right", () => {
    const r = ok('device.model -eq "a" -and device.model -eq "b" -and device.model -eq "c"');
    expect(r).toMatchObject({ kind: "and", left: { kind: "and" }, right: cmp("model", "eq", "c") });
  });

  it("reads every documented property, extension attributes 1 to 15 included", () => {
    expect(ok('device.extensionAttribute15 -startsWith "x"')).toEqual(cmp("extensionAttribute15", "startsWith", "x"));
    expect(ok('device.physicalIds -contains "[ZTDID]:1"')).toEqual(cmp("physicalIds", "contains", "[ZTDID]:1"));
    expect(ok('device.systemLabels -notContains "M365Managed"')).toEqual(
      cmp("systemLabels", "notContains", "M365Managed"),
    );
  });
});

describe("parseEntraFilter: rejections", () => {
  it("refuses -match and -notMatch, which CA filters do not support (CP2046)", () => {
    const d = fails('device.displayName -match "^KIOSK"');
    expect(d).toMatchObject({ code: "CP2046", message: "operator `-match` is not supported in device filters" });
    expect(d.span.start).toMatchObject({ line: 3, column: 10 + 1 + 19 });
    expect(fails('device.displayName -notMatch "x"').code).toBe("CP2046");
    expect(fails('device.displayName -gt "x"').code).toBe("CP2046");
  });

  it("refuses an unknown property with a guess (CP2047)", () => {
    const d = fails('device.trustTyp -eq "AzureAD"');
    expect(d).toMatchObject({
      code: "CP2047",
      message: "unknown device filter property `trustTyp`",
      help: "did you mean `trustType`?",
    });
    expect(fails('device.extensionAttribute16 -eq "x"').code).toBe("CP2047");
    expect(fails('device.serialNumberXYZ -eq "x"').help).toMatch(/^filters read deviceId, /);
  });

  it("refuses an operator the property does not take (CP2050)", () => {
    const d = fails('device.deviceId -startsWith "abc"');
    expect(d).toMatchObject({ code: "CP2050", help: "`device.deviceId` takes `-eq`, `-ne`, `-in`, `-notIn`" });
    expect(fails('device.physicalIds -eq "x"').code).toBe("CP2050");
    expect(fails('device.trustType -contains "AD"').code).toBe("CP2050");
  });

  it("reports malformed rules with the column in the message (CP2045)", () => {
    const cases: [string, RegExp, number][] = [
      ["", /the rule is empty at column 1/, 0],
      ['device.model -eq "a" -and', /the rule ends too early at column 26/, 25],
      ['(device.model -eq "a"', /expected `\)` to close the `\(` at column 1/, 21],
      ['device.model -eq "a")', /unexpected `\)` at column 21/, 20],
      ['model -eq "a"', /expected `device.<property>`, found `model`/, 0],
      ["device.model", /expected an operator such as `-eq` after `device.model`/, 12],
      ["device.model -eq Surface", /expected a quoted string, `True`, `False` or `null`, found `Surface`/, 17],
      ['device.model -in "a"', /`-in` takes a list/, 17],
      ["device.model -in []", /the list is empty/, 18],
      ['device.model -in ["a" "b"]', /expected `,` or `]` in the list/, 22],
      ['device.model -eq "open', /unterminated string at column 18/, 17],
      ["device.model -startsWith null", /`null` can only be compared with `-eq` or `-ne`/, 25],
      ['device.isCompliant -eq "yes"', /`device.isCompliant` compares with `True` or `False`/, 23],
      ['device.model -eq "a" & device.model -eq "b"', /unexpected `&`/, 21],
    ];
    for (const [rule, message, offset] of cases) {
      const d = fails(rule);
      expect(d.code, rule).toBe("CP2045");
      expect(d.message, rule).toMatch(message);
      expect(d.message, rule).toMatch(/^invalid device filter rule: /);
      // In the source every `"` of the rule is written `\"`, one column more each.
      const escapes = (rule.slice(0, offset).match(/"/g) ?? []).length;
      expect(d.span.start.column, rule).toBe(10 + 1 + offset + escapes);
    }
  });

  it("counts escaped quotes before the error when placing the caret", () => {
    // Source text: "device.displayName -eq \"a\" -or device.x -eq \"b\"": two escapes before `device.x`.
    const rule = 'device.displayName -eq "a" -or device.x -eq "b"';
    expect(fails(rule).span.start.column).toBe(10 + 1 + rule.indexOf("device.x") + 2);
  });

  it("refuses rules longer than Entra's 3072 characters", () => {
    const long = Array.from({ length: 200 }, () => 'device.model -eq "a"').join(" -or ");
    expect(fails(long).message).toMatch(/longer than 3072 characters/);
  });
});
