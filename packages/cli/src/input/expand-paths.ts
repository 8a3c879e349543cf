import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const SNAPSHOT_FILE = /\.(json|ndjson|jsonl|ya?ml)(\.gz)?$/i;

/**
 * Expands snapshot arguments into files, in a stable order: directories recursively
 * (snapshot files only, sorted), globs (`*`, `**`, `?`), `-` for standard input; a pulled
 * snapshot directory (with `manifest.json`) to its `devices.ndjson`.
 * Paths that match nothing are returned as-is so the reader reports them.
 */
export function expandPaths(args: string[]): string[] {
  const out: string[] = [];
  for (const arg of args) {
    if (arg === "-") out.push(arg);
    else if (/[*?]/.test(arg)) out.push(...glob(arg));
    // A pulled snapshot directory (it has manifest.json): its devices are devices.ndjson; the other
    // files (groups, policies, filters) are read for what they are, never as devices.
    else if (existsSync(join(arg, "manifest.json")) && statSync(arg).isDirectory())
      out.push(join(arg, "devices.ndjson"));
    else if (statSync(arg, { throwIfNoEntry: false })?.isDirectory() === true) {
      // A directory without snapshot files goes on as-is, so the reader reports it.
      const files = walk(arg);
      out.push(...(files.length > 0 ? files : [arg]));
    } else out.push(arg);
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
  const base = fixed === 1 && parts[0] === "" ? "/" : parts.slice(0, fixed).join("/") || ".";
  const regex = globRegExp(parts.slice(fixed));
  // `dir/**` means every snapshot file below `dir`, as passing `dir` itself does.
  const onlySnapshots = parts[parts.length - 1] === "**";
  if (statSync(base, { throwIfNoEntry: false })?.isDirectory() !== true) return [pattern];
  const all: string[] = [];
  const visit = (dir: string, rel: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const relPath = rel === "" ? name : `${rel}/${name}`;
      if (statSync(path).isDirectory()) visit(path, relPath);
      else if (regex.test(relPath) && (!onlySnapshots || SNAPSHOT_FILE.test(name)))
        all.push(base === "." ? relPath : base.endsWith("/") ? `${base}${relPath}` : `${base}/${relPath}`);
    }
  };
  visit(base, "");
  // A pattern that matches nothing goes on as-is, so the reader reports it instead of a silent empty run.
  return all.length > 0 ? all : [pattern];
}

/** `*` and `?` stay within one path segment; a `**` segment spans any number of directories. */
export function globRegExp(segments: string[]): RegExp {
  const source = segments
    .map((seg, i) => {
      const last = i === segments.length - 1;
      if (seg === "**") return last ? ".*" : "(?:[^/]+/)*";
      const escaped = seg
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, "[^/]*")
        .replace(/\?/g, "[^/]");
      return last ? escaped : `${escaped}/`;
    })
    .join("");
  return new RegExp(`^${source}$`);
}
