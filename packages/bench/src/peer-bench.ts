import { engines, peerDevices } from "./peers.js";

export interface PeerRow {
  engine: string;
  devices: number;
  microseconds: number;
  perSecond: number;
  ratio: number;
}

/** Times every engine over the same devices (median of runs; async engines awaited per device). */
export async function benchPeers(count: number): Promise<PeerRow[]> {
  const all = engines();
  const devices = peerDevices(count);
  const rows: PeerRow[] = [];
  for (const [engine, run] of Object.entries(all)) {
    const slow = engine === "json-rules-engine";
    const sample = slow ? devices.slice(0, Math.min(5_000, devices.length)) : devices;
    const times: number[] = [];
    for (let k = 0; k < (slow ? 3 : 7); k++) {
      const start = process.hrtime.bigint();
      for (const d of sample) {
        const out = run(d);
        if (out instanceof Promise) await out;
      }
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    const ms = times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
    const microseconds = (ms * 1000) / sample.length;
    rows.push({ engine, devices: sample.length, microseconds, perSecond: Math.round(1e6 / microseconds), ratio: 0 });
  }
  const base = rows.find((r) => r.engine === "hand-written JavaScript")!.microseconds;
  for (const r of rows) r.ratio = r.microseconds / base;
  return rows;
}
