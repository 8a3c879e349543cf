// whatif input: one record -> Tenet's sign-in snapshot, mapping a sign-in log record when it is one.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import type { CompiledPolicySet } from "@tenet/evaluator";
import { signInFromLog, signInLogShape, type SignInLogShape } from "./sign-in-from-log.js";
import { loadTenantDirectory, type TenantDirectory } from "./tenant-directory.js";

/**
 * Turns records into sign-in snapshots: a Tenet snapshot passes as is; a sign-in log record
 * is mapped, with the tenant directory of `--tenant-dir`, else the snapshot directory the
 * record came from (one with manifest.json), else none (membership then stays unknown).
 */
export function signInReader(
  compiled: CompiledPolicySet,
  tenantDir: string | undefined,
): (value: unknown, source: string) => { value: unknown; shape?: SignInLogShape; tenantDir?: string } {
  const groups = new Set<string>();
  const roles = new Set<string>();
  for (const policy of compiled.access) {
    for (const s of [...(policy.users?.include ?? []), ...(policy.users?.exclude ?? [])]) {
      if (s.kind === "group") groups.add(s.id);
      if (s.kind === "role") roles.add(s.id);
    }
  }
  const referenced = { groups: [...groups], roles: [...roles] };
  const tenants = new Map<string | undefined, TenantDirectory>();
  return (value, source) => {
    const shape = signInLogShape(value);
    if (shape === undefined) return { value };
    const dir =
      tenantDir ?? (source !== "-" && existsSync(join(dirname(source), "manifest.json")) ? dirname(source) : undefined);
    let tenant = tenants.get(dir);
    if (tenant === undefined) tenants.set(dir, (tenant = loadTenantDirectory(dir)));
    return {
      value: signInFromLog(value as Record<string, unknown>, shape, tenant, referenced),
      shape,
      ...(dir === undefined ? {} : { tenantDir: dir }),
    };
  };
}
