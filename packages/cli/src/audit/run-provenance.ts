import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { dirname } from "node:path";
import { ENGINE_VERSION } from "@tenet/evaluator";
import { snapshotTenant } from "../history/check-history.js";
import type { HtmlProvenance } from "../render/html-page.js";
import type { AuditRecord } from "./audit-record.js";

/**
 * The git commit of the first policy path, with `+changes` when tracked files there differ
 * from it; undefined outside a git checkout or without git. Read-only: never changes the repository.
 */
export function gitRevision(path: string): string | undefined {
  const dir = statSync(path, { throwIfNoEntry: false })?.isDirectory() === true ? path : dirname(path);
  const git = (args: string[]) =>
    execFileSync("git", ["-C", dir, ...args], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 10_000,
    }).trim();
  try {
    const head = git(["rev-parse", "HEAD"]);
    const changed = git(["status", "--porcelain", "--untracked-files=no", "--", "."]) !== "";
    return changed ? `${head}+changes` : head;
  } catch {
    return undefined;
  }
}

/** Where a `check` run came from, for the html report's header. */
export function runProvenance(
  snapshots: string[],
  tenantSettings: string | undefined,
  policyPaths: string[],
  audit: AuditRecord | undefined,
  auditLog: string | undefined,
): HtmlProvenance {
  const tenant = snapshotTenant(snapshots);
  const git = policyPaths[0] === undefined ? undefined : gitRevision(policyPaths[0]);
  return {
    ...(tenant === undefined ? {} : { tenant }),
    ...(tenantSettings === undefined ? {} : { tenantSettings }),
    ...(git === undefined ? {} : { git }),
    ...(audit === undefined || auditLog === undefined
      ? {}
      : { audit: { log: auditLog, seq: audit.seq, hash: audit.hash } }),
    engineVersion: ENGINE_VERSION,
  };
}
