import { createWriteStream } from "node:fs";
import { readFileSync } from "node:fs";

/** A small, fast, seeded PRNG (mulberry32): the same seed always gives the same fleet. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Realistic device snapshots derived from the example fleet: each generated device copies a
 * template device and varies the facts policies read (versions around the minimums, patch
 * levels, check-ins, encryption, firewall, threat level, missing and malformed facts).
 */
export function deviceGenerator(seed: number, templatesPath = new URL("../../../examples/fleet/devices.ndjson", import.meta.url)): (i: number) => Record<string, unknown> {
  // Healthy example devices (names without a problem suffix) are the templates; the variations below add the problems.
  const templates = readFileSync(templatesPath, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((d) => /^[A-Z]+-\d+$/.test(String(d["deviceName"])));
  const random = prng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
  return (i) => {
    const d = structuredClone(pick(templates));
    d["id"] = `dev-${i.toString(16).padStart(8, "0")}`;
    d["deviceName"] = `${String(d["operatingSystem"]).toUpperCase().slice(0, 3)}-${i}`;
    // Proportions of a reasonably run fleet: most devices healthy, a realistic tail of problems.
    const weighted = <T>(pairs: [T, number][]): T => {
      let x = random();
      for (const [v, w] of pairs) if ((x -= w) < 0) return v;
      return pairs[pairs.length - 1]![0];
    };
    if (d["operatingSystem"] === "Windows") d["osVersion"] = weighted([["10.0.26100.7171", 0.55], ["10.0.26200.7000", 0.3], ["10.0.26100", 0.05], ["10.0.22631.4460", 0.06], ["10.0.19045.6456", 0.035], ["10.0.x", 0.005]]);
    const r = random();
    if (r < 0.03) d["isEncrypted"] = false;
    else if (r < 0.05) delete d["isEncrypted"];
    if (random() < 0.03) d["firewallEnabled"] = false;
    if (typeof d["androidSecurityPatchLevel"] === "string") d["androidSecurityPatchLevel"] = weighted([["2026-11-01", 0.6], ["2026-10-01", 0.25], ["2026-08-01", 0.1], ["2026-05-01", 0.05]]);
    const ageDays = weighted([[1, 0.7], [5, 0.15], [20, 0.1], [45, 0.05]]) * random();
    d["lastSyncDateTime"] = new Date(Date.parse("2026-11-25T12:00:00Z") - Math.floor(ageDays * 86_400_000)).toISOString();
    d["deviceThreatLevel"] = weighted([["secured", 0.7], ["low", 0.2], ["medium", 0.07], ["high", 0.03]]);
    if (random() < 0.02) d["jailBroken"] = "True";
    return d;
  };
}

/** Writes `count` devices as NDJSON, streaming (memory stays flat for any count). */
export async function writeFleet(path: string, count: number, seed = 42): Promise<void> {
  const next = deviceGenerator(seed);
  const out = createWriteStream(path);
  for (let i = 0; i < count; i++) {
    if (!out.write(`${JSON.stringify(next(i))}\n`)) await new Promise<void>((r) => out.once("drain", () => r()));
  }
  await new Promise<void>((resolve) => out.end(resolve));
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const [path, count] = process.argv.slice(2);
  if (path === undefined) throw new Error("usage: node fleet.js OUT.ndjson COUNT");
  await writeFleet(path, Number(count ?? "10000"));
}
