import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";

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

/** The evaluation instant every benchmark and generated fleet is built around. */
export const FLEET_NOW = "2026-11-25T12:00:00Z";
const NOW_MS = Date.parse(FLEET_NOW);
const DAY_MS = 86_400_000;

// Installed applications a fleet reports: mostly ordinary software, a few that policies ban.
const APPS: { displayName: string; publisher: string; versions: string[] }[] = [
  { displayName: "Microsoft Edge", publisher: "Microsoft Corporation", versions: ["142.0.3595.53", "141.0.3537.99"] },
  { displayName: "Microsoft Teams", publisher: "Microsoft Corporation", versions: ["25290.205.4069.4894"] },
  { displayName: "Google Chrome", publisher: "Google LLC", versions: ["142.0.7444.135", "140.0.7339.208"] },
  { displayName: "Zoom Workplace", publisher: "Zoom Video Communications", versions: ["6.6.6"] },
  { displayName: "7-Zip", publisher: "Igor Pavlov", versions: ["25.01"] },
  { displayName: "Slack", publisher: "Slack Technologies", versions: ["4.47.59"] },
  { displayName: "Visual Studio Code", publisher: "Microsoft Corporation", versions: ["1.106.2"] },
  { displayName: "Adobe Acrobat", publisher: "Adobe Inc.", versions: ["25.001.20844"] },
];
const BANNED = [
  { displayName: "uTorrent", publisher: "BitTorrent Inc.", versions: ["3.6.0"] },
  { displayName: "TeamViewer 11", publisher: "TeamViewer GmbH", versions: ["11.0.259143"] },
  { displayName: "CCleaner", publisher: "Piriform", versions: ["6.31"] },
];

/** The share of each platform in a generated fleet (the shares add up to 1). */
export interface PlatformMix {
  windows: number;
  macOS: number;
  /** iOS and iPadOS together. */
  iOS: number;
  android: number;
  linux: number;
}

/** Fleet mix of a typical enterprise: Windows laptops dominate, then phones, Macs, a few Linux hosts. */
export const ENTERPRISE_MIX: PlatformMix = { windows: 0.55, macOS: 0.1, iOS: 0.17, android: 0.14, linux: 0.04 };

/**
 * Realistic device snapshots (Graph `managedDevice` fields of the built-in device schema):
 * each generated device copies a healthy example device (examples/fleet) of a weighted
 * platform and varies the facts policies read: versions just below, at and above the usual
 * minimums, patch levels, check-ins, encryption, firewall, Defender, passcodes, threat
 * level, ownership, installed apps, grace-period history, and a realistic tail of missing
 * and malformed facts (a version `10.0.x`, an unparseable check-in time, an app without a
 * name). Malformed values stay valid against the JSON Schema (formats are not validated),
 * so every record reaches evaluation. Deterministic: no `Math.random`, no clock.
 */
export function deviceGenerator(
  seed: number,
  templatesPath = new URL("../../../examples/fleet/devices.ndjson", import.meta.url),
  mix: PlatformMix = ENTERPRISE_MIX,
): (i: number) => Record<string, unknown> {
  // Healthy example devices (names without a problem suffix) are the templates; the variations below add the problems.
  const templates = readFileSync(templatesPath, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((d) => /^[A-Z]+-\d+$/.test(String(d["deviceName"])));
  const byOs = (os: string) => templates.filter((t) => t["operatingSystem"] === os);
  const platforms: [Record<string, unknown>[], number][] = [
    [byOs("Windows"), mix.windows],
    [byOs("macOS"), mix.macOS],
    [[...byOs("iOS"), ...byOs("iPadOS")], mix.iOS],
    [byOs("Android"), mix.android],
    [byOs("Linux"), mix.linux],
  ];
  const random = prng(seed);
  const chance = (p: number) => random() < p;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const weighted = <T>(pairs: readonly [T, number][]): T => {
    let x = random();
    for (const [v, w] of pairs) if ((x -= w) < 0) return v;
    return pairs[pairs.length - 1]![0];
  };
  return (i) => {
    const d = structuredClone(pick(weighted(platforms)));
    const os = String(d["operatingSystem"]);
    d["id"] = `dev-${i.toString(16).padStart(8, "0")}`;
    // A few imaging-lab machines (the benchmark waiver scopes them by name).
    const lab = chance(0.01);
    d["deviceName"] = `${lab ? "LAB" : os.toUpperCase().slice(0, 3)}-${i}`;
    d["managedDeviceOwnerType"] = weighted([
      ["company", 0.84],
      ["personal", 0.13],
      ["unknown", 0.03],
    ]);
    switch (os) {
      case "Windows": {
        d["osVersion"] = weighted([
          ["10.0.26100.7171", 0.5],
          ["10.0.26200.7000", 0.28],
          ["10.0.26100", 0.05],
          ["10.0.26100.0", 0.02],
          ["10.0.22631.4460", 0.08],
          ["10.0.19045.6456", 0.06],
          ["10.0.x", 0.01],
        ]);
        const dha = d["deviceHealthAttestationState"] as Record<string, unknown>;
        if (chance(0.01)) delete d["deviceHealthAttestationState"];
        else {
          if (chance(0.02)) dha["bitLockerStatus"] = "disabled";
          if (chance(0.01)) dha["secureBoot"] = "disabled";
          if (chance(0.005)) dha["codeIntegrity"] = "disabled";
        }
        const wps = d["windowsProtectionState"] as Record<string, unknown>;
        if (chance(0.01)) delete d["windowsProtectionState"];
        else {
          if (chance(0.01)) wps["realTimeProtectionEnabled"] = false;
          if (chance(0.005)) wps["malwareProtectionEnabled"] = false;
          if (chance(0.04)) wps["signatureUpdateOverdue"] = true;
          wps["antiMalwareVersion"] = weighted([
            ["4.18.25100.9", 0.8],
            ["4.18.25000", 0.08],
            ["4.18.24090.11", 0.1],
            ["4.18", 0.015],
            ["4.18.x", 0.005],
          ]);
        }
        if (chance(0.01)) d["tpmSpecificationVersion"] = null;
        d["joinType"] = weighted([
          ["azureADJoined", 0.7],
          ["hybridAzureADJoined", 0.25],
          ["azureADRegistered", 0.05],
        ]);
        break;
      }
      case "macOS":
        d["osVersion"] = weighted([
          ["26.1", 0.5],
          ["15.7.2", 0.3],
          ["15.0", 0.05],
          ["15", 0.03],
          ["14.8.1", 0.1],
          ["15.x", 0.02],
        ]);
        d["passcodeSet"] = !chance(0.02);
        d["passcodeLength"] = weighted([
          [12, 0.6],
          [8, 0.3],
          [6, 0.08],
          [4, 0.02],
        ]);
        break;
      case "iOS":
      case "iPadOS":
        d["osVersion"] = weighted([
          ["26.1", 0.55],
          ["18.7.2", 0.25],
          ["18.0", 0.05],
          ["18", 0.03],
          ["17.7.10", 0.12],
        ]);
        d["passcodeSet"] = !chance(0.02);
        d["passcodeLength"] = weighted([
          [6, 0.85],
          [4, 0.1],
          [8, 0.05],
        ]);
        d["isSupervised"] = chance(0.75);
        break;
      case "Android":
        d["osVersion"] = weighted([
          ["16", 0.45],
          ["15", 0.3],
          ["14", 0.15],
          ["13", 0.1],
        ]);
        d["androidSecurityPatchLevel"] = weighted([
          ["2026-11-01", 0.5],
          ["2026-10-01", 0.25],
          ["2026-08-27", 0.05],
          ["2026-08-25", 0.05],
          ["2026-05-01", 0.1],
          ["2026-02-30", 0.05],
        ]);
        d["passcodeLength"] = weighted([
          [6, 0.7],
          [8, 0.2],
          [4, 0.1],
        ]);
        d["androidManagementMode"] = weighted([
          ["workProfile", 0.6],
          ["fullyManaged", 0.3],
          ["dedicated", 0.1],
        ]);
        break;
      case "Linux":
        d["distribution"] = weighted([
          ["ubuntu", 0.6],
          ["rhel", 0.25],
          ["debian", 0.1],
          ["arch", 0.05],
        ]);
        break;
    }
    // Every platform but Linux reports encryption (iOS data protection is on with a passcode).
    if (os !== "Linux") d["isEncrypted"] = d["isEncrypted"] ?? true;
    const r = random();
    if (r < 0.03) d["isEncrypted"] = false;
    else if (r < 0.045) delete d["isEncrypted"];
    // Lab machines often run without a firewall (that is what their waiver is for).
    if (chance(lab ? 0.5 : 0.03)) d["firewallEnabled"] = false;
    if (os === "iOS" || os === "iPadOS" || os === "Android")
      d["jailBroken"] = weighted([
        ["False", 0.97],
        ["True", 0.015],
        ["Unknown", 0.015],
      ]);
    if (os === "Windows" || os === "macOS") {
      // Most devices report their apps; a few report none yet, a few report a nameless entry.
      if (!chance(0.03)) {
        const apps = Array.from({ length: 2 + Math.floor(random() * 5) }, () => {
          const app = chance(0.03) ? pick(BANNED) : pick(APPS);
          return { displayName: app.displayName, version: pick(app.versions), publisher: app.publisher };
        });
        if (chance(0.01)) apps.push({ version: "1.0" } as (typeof apps)[number]);
        d["detectedApps"] = apps;
      }
    }
    const ageDays =
      weighted([
        [1, 0.7],
        [5, 0.12],
        [10, 0.08],
        [20, 0.06],
        [45, 0.04],
      ]) * random();
    d["lastSyncDateTime"] = chance(0.003)
      ? "2026-11-31T08:00:00Z"
      : new Date(NOW_MS - Math.floor(ageDays * DAY_MS)).toISOString();
    if (chance(0.004)) delete d["lastSyncDateTime"]; // enrolled, never checked in
    d["deviceThreatLevel"] = weighted([
      ["secured", 0.68],
      ["low", 0.2],
      ["medium", 0.07],
      ["high", 0.03],
      [undefined, 0.02],
    ]);
    if (d["deviceThreatLevel"] === undefined) delete d["deviceThreatLevel"];
    if (chance(0.005)) d["enrolledUserExists"] = false;
    if (chance(0.002)) delete d["operatingSystem"];
    // Devices already found noncompliant earlier: their grace period started in the past.
    if (chance(0.06)) {
      const since = new Date(NOW_MS - Math.floor(random() * 5 * DAY_MS)).toISOString();
      d["noncompliantSince"] = {
        "windows-baseline": since,
        "bench-windows": since,
        "bench-macos": since,
        "bench-android": since,
      };
    }
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
  await new Promise<void>((resolve, reject) => {
    out.on("error", reject);
    out.end(resolve);
  });
}

/** Bumped whenever the generator changes, so a cached fleet is never one of an older generator. */
export const FLEET_VERSION = 2;

/** The repository's `.bench-cache/` directory (gitignored), where generated fleets live. */
export const BENCH_CACHE = new URL("../../../.bench-cache/", import.meta.url).pathname;

/**
 * The path of a cached fleet of `count` devices (seed 42), generated on first use. Written to
 * a temporary name first, so an interrupted run never leaves a truncated fleet behind.
 */
export async function ensureFleet(count: number, seed = 42): Promise<string> {
  mkdirSync(BENCH_CACHE, { recursive: true });
  const path = `${BENCH_CACHE}fleet-v${FLEET_VERSION}-${count}-s${seed}.ndjson`;
  if (!existsSync(path)) {
    await writeFleet(`${path}.partial`, count, seed);
    renameSync(`${path}.partial`, path);
  }
  return path;
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  // `node dist/fleet.js` fills .bench-cache with the 10k, 100k and 1M fleets; `node dist/fleet.js OUT COUNT` writes one file.
  const [path, count] = process.argv.slice(2);
  if (path === undefined) {
    for (const n of [10_000, 100_000, 1_000_000]) console.log(await ensureFleet(n));
  } else {
    await writeFleet(path, Number(count ?? "10000"));
  }
}
