import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const SNAPSHOT_FILE = /\.(json|ndjson|jsonl|ya?ml)(\.gz)?$/i;

/**
 * Expands snapshot arguments into files, in a stable order: directories recursively
 * (snapshot files only, sorted), globs (`*`, `**`, `?`), `-` for standard input.
 * Paths that match nothing are returned as-is so the reader reports them.
 */
export function expandPaths(args: string[]): string[] {
  const out: string[] = [];
  for (const arg of args) {
    if (arg === "-") out.push(arg);
    else if (/[*?]/.test(arg)) out.push(...glob(arg));
    else if (statSync(arg, { throwIfNoEntry: false })?.isDirectory() === true) out.push(...walk(arg));
    else out.push(arg);
  }
  return out;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...walk(path));
    else if (SNAPSHOT_FILE.test(name)) out.push(path);
  }
  return out;
}

function glob(pattern: string): string[] {
  const parts = pattern.split("/");
  const fixed = parts.findIndex((p) => /[*?]/.test(p));
  const base = parts.slice(0, fixed).join("/") || ".";
  const source = parts
    .slice(fixed)
    .map((p) => (p === "**" ? "(?:.*/)?" : `${p.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]")}/`))
    .join("")
    .replace(/\/$/, "");
  const regex = new RegExp(`^${source.replace(/\(\?:\.\*\/\)\?\//g, "(?:.*/)?")}$`);
  if (statSync(base, { throwIfNoEntry: false })?.isDirectory() !== true) return [];
  const all: string[] = [];
  const visit = (dir: string, rel: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const relPath = rel === "" ? name : `${rel}/${name}`;
      if (statSync(path).isDirectory()) visit(path, relPath);
      else if (regex.test(relPath)) all.push(base === "." ? relPath : `${base}/${relPath}`);
    }
  };
  visit(base, "");
  return all;
}
