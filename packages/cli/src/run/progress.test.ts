import { describe, expect, it } from "vitest";
import { duration, Progress } from "./progress.js";

const terminal = (isTTY: boolean) => {
  const written: string[] = [];
  return { written, stream: { isTTY, write: (t: string) => written.push(t) } };
};

describe("Progress", () => {
  it("draws nothing on a pipe or with --quiet", () => {
    for (const [quiet, isTTY] of [
      [false, false],
      [true, true],
    ] as const) {
      const t = terminal(isTTY);
      const p = new Progress(quiet, { stream: t.stream, totalBytes: 100, clock: () => 10_000 });
      p.tick(5);
      p.done();
      expect(p.enabled).toBe(false);
      expect(t.written).toEqual([]);
    }
  });

  it("shows a bar, devices per second and an ETA from the share of input read", () => {
    let now = 0;
    const t = terminal(true);
    const p = new Progress(false, { stream: t.stream, totalBytes: 1000, clock: () => now });
    now = 2000;
    p.bytes(250);
    p.tick(500);
    expect(t.written).toEqual(["\r\u001b[2K[######------------------]  25%  500 devices  250/s  ETA 0:06"]);
    p.done();
    expect(t.written.at(-1)).toBe("\r\u001b[2K");
  });

  it("redraws at most five times a second", () => {
    let now = 0;
    const t = terminal(true);
    const p = new Progress(false, { stream: t.stream, clock: () => now });
    for (now = 1000; now < 2000; now += 50) p.tick(1);
    expect(t.written).toHaveLength(5);
    expect(t.written.at(-1)).toBe("\r\u001b[2K17 devices  9/s");
  });
});

describe("duration", () => {
  it("prints minutes and seconds, and hours only when needed", () => {
    expect([duration(0), duration(7_400), duration(750_000), duration(3_723_000)]).toEqual([
      "0:00",
      "0:07",
      "12:30",
      "1:02:03",
    ]);
  });
});
