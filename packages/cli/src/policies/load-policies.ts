import { readdirSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import {
  loadPolicySources,
  makeDiagnostic,
  emptySpan,
  type CheckedPolicySet,
  type Diagnostic,
  type FactSchema,
} from "@tenet/parser";
import { graphExportKind } from "./graph-export.js";

/**
 * Every `.tenet` file under the given files and directories, sorted: paths inside the working
 * directory relative to it, others absolute (never a `../../..` chain).
 */
export function findPolicyFiles(paths: string[], diagnostics: Diagnostic[]): string[] {
  const found: string[] = [];
  const walk = (path: string) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat === undefined) {
      diagnostics.push(makeDiagnostic("CP5001", emptySpan(path), { path }));
      return;
    }
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) {
        if (name === "node_modules" || name.startsWith(".")) continue;
        const child = join(path, name);
        if (name.endsWith(".tenet") || statSync(child).isDirectory()) walk(child);
      }
    } else found.push(shownPath(path));
  };
  for (const path of paths) walk(path);
  return [...new Set(found)];
}

function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  if (rel === "") return path;
  return rel.startsWith("..") || isAbsolute(rel) ? resolve(path) : rel;
}

export interface LoadedPolicies {
  set: CheckedPolicySet;
  sources: Map<string, string>;
  diagnostics: Diagnostic[];
  hasErrors: boolean;
}

/** Reads, parses and checks the policy files; every problem is a diagnostic, nothing throws. */
export function loadPolicies(
  paths: string[],
  options: { now?: number; schemas?: { device?: FactSchema; signIn?: FactSchema } } = {},
): LoadedPolicies {
  const diagnostics: Diagnostic[] = [];
  const files = findPolicyFiles(paths, diagnostics);
  if (files.length === 0 && diagnostics.length === 0) {
    diagnostics.push(
      makeDiagnostic("CP5016", emptySpan(paths.join(", ")), { where: paths.map((p) => `\`${p}\``).join(", ") }),
    );
  }
  const sources = new Map<string, string>();
  for (const file of files) {
    try {
      const bytes = readFileSync(file);
      // A Graph policy export given as policy source: one diagnostic, not a lexer error per JSON token.
      const kind = graphExportKind(bytes);
      if (kind !== undefined) {
        diagnostics.push(makeDiagnostic("CP5041", emptySpan(file), { path: file, kind }));
        continue;
      }
      sources.set(file, bytes.toString("utf8"));
    } catch (error) {
      diagnostics.push(
        makeDiagnostic("CP5002", emptySpan(file), {
          path: file,
          reason: error instanceof Error ? error.message : String(error),
        }),
      );
    }
  }
  const loaded = loadPolicySources(
    [...sources].map(([path, text]) => ({ path, text })),
    options,
  );
  for (const d of loaded.diagnostics) diagnostics.push(d);
  return { set: loaded.value, sources, diagnostics, hasErrors: diagnostics.some((d) => d.severity === "error") };
}
