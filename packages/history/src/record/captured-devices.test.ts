import { describe, expect, it } from "vitest";
import type { PreviousState } from "@tenet/evaluator";
import type { CapturedDevice } from "./capture-device.js";
import { capturedDevices } from "./captured-devices.js";
import { BatchCapture, CapturedRun } from "./captured-run.js";
import { packSpans, SpanIndex } from "./open-spans.js";
import type { OpenSpan, PreviousRun } from "./previous-run.js";
import { listedDevices } from "./run-devices.js";

const compliant: PreviousState = { deviceState: "compliant" };
const failing: PreviousState = { deviceState: "inGracePeriod" };
const span = (id: string, next = compliant): OpenSpan => ({ snapshotHash: `s-${id}`, outcomeHash: `o-${id}`, next });

// Not in id order, as a store reads them after a day of changes; `x\u0001` extends `x` with a
// character sorting before the tab, so the triples are not in the ids' order.
const base: PreviousRun = {
  lastRun: 1,
  lastAt: undefined,
  spans: new Map([
    ["g", span("g", failing)],
    ["a", span("a")],
    ["c", span("c")],
    ["e", span("e", failing)],
    ["x\u0001", span("x\u0001")],
    ["x", span("x")],
  ]),
};
const controls = { byPolicy: new Map(), byRule: new Map() };

const unchanged = (id: string, tally: string, volatile?: string): CapturedDevice =>
  volatile === undefined ? { id, unchanged: true, tally } : { id, unchanged: true, volatile, tally };
const whole = (id: string, snapshotHash: string, outcomeHash?: string, volatile?: string): CapturedDevice => ({
  id,
  snapshotHash,
  snapshot: `{"id":"${id}"}`,
  ...(volatile === undefined ? {} : { volatile }),
  outcome: {
    state: "compliant",
    policies: [],
    defaultFailed: [],
    actions: { due: [], pending: [] },
    waivers: [],
    next: compliant,
  },
  ...(outcomeHash === undefined ? {} : { outcomeHash }),
  tally: "t-whole",
});

/** The devices captured as the CLI captures them: on this thread and in batches from workers. */
function captured(devices: CapturedDevice[], split: number[]): CapturedRun {
  const run = new CapturedRun(packSpans(base.spans));
  const spans = new SpanIndex(run.spans);
  let from = 0;
  split.forEach((to, n) => {
    const part = devices.slice(from, to);
    from = to;
    if (n % 2 === 0) for (const d of part) run.add(d, spans.find(d.id));
    else {
      const batch = new BatchCapture();
      for (const d of part) batch.add(d, spans.find(d.id));
      // As it crosses from a worker thread.
      run.addBatch(structuredClone(batch.take()!));
    }
  });
  return run;
}

describe("capturedDevices", () => {
  it("records what the same devices given one object each record, in any order, duplicates and newcomers included", () => {
    const devices: CapturedDevice[] = [
      unchanged("g", "t1", '{"lastSyncDateTime":"g"}'),
      whole("b", "s-b", "o-b", '{"lastSyncDateTime":"b"}'),
      unchanged("c", "t2"),
      // Captured whole though its hashes are its span's: not a change.
      whole("a", "s-a", "o-a"),
      whole("x", "s-x2"),
      unchanged("x\u0001", "t1"),
      // Met twice: the first capture is the one recorded.
      unchanged("c", "t1", '{"lastSyncDateTime":"again"}'),
      whole("b", "s-b2", "o-b2"),
      whole("h", "s-h", "o-h"),
    ];
    const expected = listedDevices(base, devices, controls, false);
    expect(expected).toMatchObject({ count: 7, closing: ["e"], closingChanged: ["x"] });
    expect(expected.changed.map((d) => d.id)).toEqual(["b", "h", "x"]);
    for (const split of [[9], [2, 3, 9], [1, 4, 5, 8, 9], [0, 9]])
      expect(capturedDevices(captured(devices, split), false)).toEqual(expected);
    expect(capturedDevices(captured(devices, [3, 9]), true)).toEqual(listedDevices(base, devices, controls, true));
  });

  it("takes the batches' volatile texts as they are when the devices came in id order, else orders them", () => {
    const devices = [
      whole("0", "s-0", "o-0", '{"lastSyncDateTime":"0"}'),
      unchanged("a", "t1", '{"lastSyncDateTime":"a"}'),
      unchanged("c", "t1"),
      unchanged("e", "t2", '{"freeStorageSpaceInBytes":1}'),
      unchanged("g", "t1"),
    ];
    const listed = listedDevices(base, devices, controls, false);
    // The spans are closed in one statement: their order is not stored.
    const expected = { ...listed, closing: [...listed.closing].sort() };
    expect(expected.closing).toEqual(["x", "x\u0001"]);
    for (const split of [[5], [1, 2, 5], [4, 5]]) {
      expect(capturedDevices(captured(devices, split), false)).toEqual(expected);
      // Out of id order, each id once: the texts are put in order.
      expect(capturedDevices(captured([...devices].reverse(), split), false)).toEqual(expected);
    }
    const none = devices.map((d) => ({ ...d, volatile: undefined }) as CapturedDevice);
    expect(capturedDevices(captured(none, [2, 5]), false)).toMatchObject({ volatile: undefined });
  });
});

describe("BatchCapture", () => {
  it("keeps every device's volatile text in its place, however many devices a batch has", () => {
    const devices = Array.from({ length: 1100 }, (_, i) => {
      const id = `n${String(i).padStart(4, "0")}`;
      return whole(id, `s-${id}`, `o-${id}`, i % 7 === 0 ? undefined : `{"lastSyncDateTime":"${i}"}`);
    });
    const batch = new BatchCapture();
    devices.forEach((d) => batch.add(d, -1));
    const taken = batch.take()!;
    expect(taken.volatile.split("\n")).toEqual(devices.map((d) => d.volatile ?? ""));
    expect(taken.volatiles).toBe(devices.filter((d) => d.volatile !== undefined).length);
    expect(batch.take()).toBeUndefined();
    const listed = listedDevices(base, devices, controls, false);
    expect(capturedDevices(captured(devices, [300, 1100]), false)).toEqual({
      ...listed,
      closing: [...listed.closing].sort(),
    });
  });
});

describe("SpanIndex", () => {
  it("finds each device's span in id order, out of order and not at all", () => {
    const packed = packSpans(base.spans);
    const spans = new SpanIndex(packed);
    const ids = ["a", "c", "e", "g", "x", "x\u0001"];
    expect(ids.map((id) => spans.find(id))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(["x", "g", "a", "b", "", "x\u0001x", "e"].map((id) => spans.find(id))).toEqual([4, 3, 0, -1, -1, -1, 2]);
    expect(ids.map((_, i) => [spans.id(i), spans.snapshotHash(i), spans.outcomeHash(i)])).toEqual(
      ids.map((id) => [id, `s-${id}`, `o-${id}`]),
    );
    expect(ids.map((_, i) => spans.next(i))).toEqual(ids.map((id) => base.spans.get(id)!.next));
    // Each previous state once, however many devices share it.
    expect(packed.states).toHaveLength(2);
  });

  it("finds devices of a fleet in another order than its ids', bisecting and then by its table", () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `d${(i * 7919) % 5000}`);
    const spans = new SpanIndex(packSpans(new Map(ids.map((id) => [id, span(id)]))));
    // Every third id in turn, and ids without a span: far more lookups out of order than are bisected.
    const asked = [...ids.filter((_, i) => i % 3 === 0), ...ids.filter((_, i) => i % 3 !== 0), "d5000", "d", "e1"];
    for (const id of asked) {
      const at = spans.find(id);
      expect(at === -1 ? undefined : spans.id(at)).toBe(ids.includes(id) ? id : undefined);
    }
  });
});
