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
  const templates = readFileSync(templatesPath, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
  const random = prng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
  return (i) => {
    const d = structuredClone(pick(templates));
    d["id"] = `dev-${i.toString(16).padStart(8, "0")}`;
    d["deviceName"] = `${String(d["operatingSystem"]).toUpperCase().slice(0, 3)}-${i}`;
    const r = random();
    if (d["operatingSystem"] === "Windows") d["osVersion"] = pick(["10.0.26100.7171", "10.0.26100", "10.0.26099.9999", "10.0.26200.7000", "10.0.22631.4460", "10.0.19045.6456"]);
    if (r < 0.1) d["isEncrypted"] = false;
    else if (r < 0.13) delete d["isEncrypted"];
    if (random() < 0.05) d["firewallEnabled"] = false;
    if (random() < 0.02) d["osVersion"] = "10.0.x";
    if (typeof d["androidSecurityPatchLevel"] === "string") d["androidSecurityPatchLevel"] = pick(["2026-11-01", "2026-10-01", "2026-08-01", "2026-05-01"]);
    d["lastSyncDateTime"] = new Date(Date.parse("2026-11-25T12:00:00Z") - Math.floor(random() * 40 * 86_400_000)).toISOString();
    d["deviceThreatLevel"] = pick(["secured", "secured", "low", "medium", "high"]);
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
