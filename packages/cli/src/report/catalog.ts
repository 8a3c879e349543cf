import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileError } from "../exit-codes.js";

/** Frameworks and their controls (ids and short titles), from a team's `frameworks/catalog.json`. */
export type FrameworkCatalog = Record<string, { title: string; controls: Record<string, string> }>;

/**
 * Reads the framework catalog: `--catalog FILE`, else `frameworks/catalog.json` inside or
 * next to the first policy directory (the shipped library keeps it at
 * `policies/frameworks/catalog.json`). Without a catalog, reports show coverage but no gaps.
 */
export function loadCatalog(
  explicit: string | undefined,
  policyPaths: string[],
): { catalog: FrameworkCatalog; path?: string } {
  const candidates =
    explicit !== undefined
      ? [explicit]
      : policyPaths.flatMap((p) => [
          join(p, "frameworks", "catalog.json"),
          join(dirname(p), "frameworks", "catalog.json"),
        ]);
  const path = candidates.find((c) => existsSync(c));
  if (path === undefined) {
    if (explicit !== undefined) throw fileError(explicit, Object.assign(new Error("missing"), { code: "ENOENT" }));
    return { catalog: {} };
  }
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as { frameworks?: FrameworkCatalog };
    if (parsed.frameworks === undefined || typeof parsed.frameworks !== "object")
      throw new Error("expected an object with `frameworks`");
    return { catalog: parsed.frameworks, path };
  } catch (error) {
    throw fileError(path, error, "CP5211");
  }
}
