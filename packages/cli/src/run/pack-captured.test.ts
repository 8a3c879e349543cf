import { describe, expect, it } from "vitest";
import type { CapturedDevice } from "@tenet/history";
import { packCaptured, unpackCaptured } from "./pack-captured.js";

const unchanged = (id: string, tally: string, volatile?: string): CapturedDevice =>
  volatile === undefined ? { id, unchanged: true, tally } : { id, unchanged: true, volatile, tally };
const changed = (id: string): CapturedDevice => ({
  id,
  snapshotHash: `s-${id}`,
  snapshot: `{"id":"${id}"}`,
  outcome: {
    state: "compliant",
    policies: [],
    defaultFailed: [],
    actions: { due: [], pending: [] },
    waivers: [],
    next: { deviceState: "compliant" },
  },
  outcomeHash: `o-${id}`,
  tally: "t1",
});

describe("packCaptured", () => {
  it("gives back every device in its order, a device id met twice included, each share sent once", () => {
    const devices = [
      changed("c0"),
      unchanged("u1", "t1", '{"lastSyncDateTime":"x"}'),
      unchanged("u2", "t2"),
      changed("c3"),
      changed("c3"),
      unchanged("u1", "t1", '{"lastSyncDateTime":"y"}'),
      unchanged("u6", "t1"),
    ];
    const packed = structuredClone(packCaptured(devices));
    expect(packed.shares).toEqual(["t1", "t2"]);
    const back: CapturedDevice[] = [];
    unpackCaptured(packed, back);
    expect(back).toEqual(devices);
    unpackCaptured(structuredClone(packCaptured([])), back);
    expect(back).toHaveLength(devices.length);
  });
});
