import { describe, expect, it } from "vitest";
import { parse } from "./parse.js";

const errors = (text: string) =>
  parse(text, "t.tenet")
    .diagnostics.filter((d) => d.severity === "error")
    .map((d) => `${d.code} ${d.message}`);

describe("duration range", () => {
  it("refuses a duration past 36500d (100 years), which used to crash evaluation at the first noncompliant device", () => {
    expect(errors(`compliance p { rule r { require device.lastSyncDateTime within 99999999d } }`)).toEqual([
      "CP1004 invalid duration literal `99999999d`",
    ]);
    expect(
      errors(`compliance p { rule r { require device.a } on noncompliant { after 99999999d notify ["x"] } }`),
    ).toEqual(["CP1004 invalid duration literal `99999999d`"]);
    expect(errors(`compliance p { rule r { require device.lastSyncDateTime within 999999999999999999999s } }`)).toEqual(
      ["CP1004 invalid duration literal `999999999999999999999s`"],
    );
  });

  it("accepts durations up to 36500d in every unit", () => {
    expect(errors(`compliance p { rule r { require device.lastSyncDateTime within 36500d } }`)).toEqual([]);
    expect(errors(`compliance p { rule r { require device.lastSyncDateTime within 5214w } }`)).toEqual([]);
  });
});
