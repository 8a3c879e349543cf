import { describe, expect, it } from "vitest";
import { hasZone, parseDateDays, parseDateTime } from "./datetime.js";

describe("dates and datetimes", () => {
  it("parses ISO dates strictly", () => {
    expect(parseDateDays("1970-01-02")).toBe(1);
    expect(parseDateDays("2025-02-29")).toBeNaN();
    expect(parseDateDays("2024-02-29")).not.toBeNaN();
    expect(parseDateDays("February 1, 2025")).toBeNaN();
    expect(parseDateDays("2025-1-01")).toBeNaN();
  });
  it("parses datetimes with zones and reads a zoneless one as UTC", () => {
    expect(parseDateTime("2026-01-01T00:00:00Z")).toBe(Date.UTC(2026, 0, 1));
    expect(parseDateTime("2026-01-01T02:00:00+02:00")).toBe(Date.UTC(2026, 0, 1));
    expect(parseDateTime("2026-01-01T00:00:00")).toBe(Date.UTC(2026, 0, 1));
    expect(parseDateTime("2026-01-01T00:00:00.1234567Z")).toBe(Date.UTC(2026, 0, 1, 0, 0, 0, 123));
    expect(hasZone("2026-01-01T00:00:00")).toBe(false);
    expect(hasZone("2026-01-01T00:00:00Z")).toBe(true);
  });
  it("rejects malformed datetimes", () => {
    for (const bad of [
      "",
      "yesterday",
      "2026-13-01T00:00:00Z",
      "2026-01-01T25:00:00Z",
      "2026-01-01T00:00:00+99:00",
      "1700000000",
    ]) {
      expect(parseDateTime(bad), bad).toBeNaN();
    }
  });
});
