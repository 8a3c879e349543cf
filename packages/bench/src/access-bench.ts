import fc from "fast-check";
import { loadPolicySources, parseInstant } from "@tenet/parser";
import { compile, prepareAccess } from "@tenet/evaluator";
import { arbitrarySignIn } from "@tenet/testing";

/** A tenant-sized set of 50 access policies, each with conditions and a device filter (half Entra rule syntax, half Tenet's). */
export function tenantPolicies(): string {
  const platforms = ["windows", "iOS", "android", "macOS", "linux"];
  return Array.from({ length: 50 }, (_, i) => {
    const filter =
      i % 2 === 0
        ? `devices exclude rule "device.trustType -eq \\"ServerAD\\" -and device.extensionAttribute1 -eq \\"kiosk-${i}\\""`
        : `devices include where device.isCompliant == false or device.operatingSystem == "Android"`;
    const grant = [
      "grant mfa",
      "grant all(mfa, compliantDevice)",
      "grant any(compliantDevice, hybridJoinedDevice)",
      "grant block",
      "grant mfa session signInFrequency 8h",
    ][i % 5];
    return `access tenant-${i} "Tenant policy ${i}" {
  state ${i % 7 === 0 ? "report-only" : "enabled"}
  users include group "group-${i % 10}", role "role-${i % 4}" exclude group "breakglass"
  apps include ${i % 3 === 0 ? 'suite "Office365"' : `app "app-${i % 7}"`}
  platforms include all exclude ${platforms[i % 5]}
  ${i % 4 === 0 ? "signInRisk include medium, high" : "clients include browser, mobileAppsAndDesktopClients"}
  ${filter}
  ${grant}
}`;
  }).join("\n\n");
}

/** Decisions per second for 50 policies against generated sign-ins. */
export function benchAccess(count: number): { perSecond: number; microseconds: number; count: number } {
  const compiled = compile(loadPolicySources([{ path: "tenant.tenet", text: tenantPolicies() }]).value);
  const signIns = fc.sample(arbitrarySignIn({ near: compiled }), { numRuns: count, seed: 2026 });
  const prepared = prepareAccess(compiled, { now: parseInstant("2026-11-25T12:00:00Z").value! });
  let sink = 0;
  for (const s of signIns.slice(0, 2000)) sink += prepared.evaluate(s).policies.length;
  const start = process.hrtime.bigint();
  for (const s of signIns) sink += prepared.evaluate(s).policies.length;
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (sink < 0) console.log(sink);
  return { perSecond: Math.round((count * 1000) / ms), microseconds: (ms * 1000) / count, count };
}
