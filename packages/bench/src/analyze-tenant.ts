/**
 * A generated tenant for `tenet analyze access`: `count` access policies over `groups` groups,
 * shaped like real tenants (mostly "all apps" with group scopes and a break-glass exclusion,
 * some suites, legacy-client blocks, platform, location and risk conditions, Entra device
 * filters, report-only pilots). Deterministic for a given size. With `blocks: "legacyOnly"` a
 * block without a client-app condition grants MFA instead (same draws otherwise): no block
 * then covers all users on all apps, which would let the explorer drop most other policies.
 */
export function analyzeTenantPolicies(count: number, groups = 500, blocks: "any" | "legacyOnly" = "any"): string {
  let seed = 2026 + count;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const group = () => `"group-${Math.floor(next() * groups)}"`;
  const grants = [
    "grant mfa",
    "grant mfa",
    "grant compliantDevice",
    "grant any(mfa, compliantDevice)",
    "grant block",
    "grant all(mfa, compliantDevice)",
  ];
  return Array.from({ length: count }, (_, i) => {
    const lines: string[] = [];
    const state = next() < 0.8 ? "enabled" : next() < 0.75 ? "report-only" : "disabled";
    lines.push(`state ${state}`);
    const include =
      next() < 0.2 ? "all" : Array.from({ length: 1 + Math.floor(next() * 3) }, () => `group ${group()}`).join(", ");
    const extraExclude = next() < 0.3 ? `, ${group()}` : "";
    lines.push(`users include ${include} exclude group "breakglass"${extraExclude}`);
    const apps = next();
    lines.push(
      apps < 0.6
        ? "apps include all"
        : apps < 0.8
          ? 'apps include suite "Office365"'
          : `apps include app "app-${Math.floor(next() * 20)}"`,
    );
    if (next() < 0.15) lines.push("clients include exchangeActiveSync, other");
    if (next() < 0.2)
      lines.push(
        `platforms include ${pick(["windows, macOS", "iOS, android", "all exclude windows, macOS, iOS, android, linux"])}`,
      );
    if (next() < 0.2)
      lines.push(`locations include all exclude ${pick(["trusted", `location "loc-${Math.floor(next() * 10)}"`])}`);
    if (next() < 0.1) lines.push(`signInRisk include ${pick(["high", "medium, high"])}`);
    if (next() < 0.05) lines.push("userRisk include high");
    if (next() < 0.1)
      lines.push(
        `devices ${pick(["include", "exclude"])} rule "${pick([
          'device.trustType -eq \\"ServerAD\\"',
          'device.displayName -startsWith \\"KIOSK-\\"',
          `device.extensionAttribute1 -eq \\"tier-${Math.floor(next() * 3)}\\"`,
        ])}"`,
      );
    const grant = pick(grants);
    const legacy = lines.some((l) => l.startsWith("clients"));
    lines.push(blocks === "legacyOnly" && grant === "grant block" && !legacy ? "grant mfa" : grant);
    return `access gen-${i} "Generated policy ${i}" {\n  ${lines.join("\n  ")}\n}`;
  }).join("\n\n");
}
