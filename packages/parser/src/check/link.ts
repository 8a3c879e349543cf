// link: the files of a policy set tied together before checking: imports, the `let` names each
// file sees, import cycles, `let` definitions that depend on themselves, and unused lets.
import { posix } from "node:path";
import type { LetDecl, PathExpr, PolicyFile } from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import type { Span } from "../source/span.js";
import { ERROR } from "./expr-context.js";
import type { FactType } from "./fact-type.js";

/** The lets a file defines and the lets it sees (its own and those of the files it imports). */
export interface LetScope {
  own: LetDecl[];
  visible: Map<string, LetDecl>;
}

/** The link of a set of files: each file's let scope, and the file each let is defined in. */
export interface Linked {
  scopes: Map<string, LetScope>;
  letFile: Map<LetDecl, string>;
}

/** Resolves imports to let scopes, reporting clashing names (CP2014) and missing imports (CP2016). */
export function linkFiles(files: PolicyFile[], report: (d: Diagnostic) => void): Linked {
  const scopes = letScopes(files, report);
  const letFile = new Map<LetDecl, string>();
  for (const [path, scope] of scopes) for (const decl of scope.own) letFile.set(decl, path);
  return { scopes, letFile };
}

/** What linking can only tell after checking: import cycles (CP2015), then lets nothing uses (CP2031). */
export function reportLinkProblems(
  files: PolicyFile[],
  linked: Linked,
  letTargets: Map<PathExpr, LetDecl>,
  report: (d: Diagnostic) => void,
): void {
  reportImportCycles(files, report);
  reportUnusedLets(linked.scopes, letTargets, report);
}

/** Types each `let` once, on first use, and reports a definition that depends on itself (CP2028). */
export class LetTypes {
  private readonly known = new Map<LetDecl, FactType>();
  private readonly inProgress: LetDecl[] = [];

  constructor(private readonly report: (d: Diagnostic) => void) {}

  /** The type of `decl`'s value; `checkValue` checks it in the scope of the let's own file. */
  typeOf(decl: LetDecl, checkValue: () => FactType): FactType {
    const known = this.known.get(decl);
    if (known !== undefined) return known;
    if (this.inProgress.includes(decl)) {
      const cycle = [...this.inProgress.slice(this.inProgress.indexOf(decl)), decl]
        .map((d) => d.name.name)
        .join(" -> ");
      this.report(makeDiagnostic("CP2028", decl.name.span, { name: decl.name.name, cycle }));
      this.known.set(decl, ERROR);
      return ERROR;
    }
    this.inProgress.push(decl);
    const type = checkValue();
    this.inProgress.pop();
    if (!this.known.has(decl)) this.known.set(decl, type);
    return this.known.get(decl)!;
  }
}

/** Each file sees its own lets and those of the files it imports (not transitively). */
function letScopes(files: PolicyFile[], report: (d: Diagnostic) => void): Map<string, LetScope> {
  const own = new Map<string, LetDecl[]>();
  for (const file of files)
    own.set(
      normal(file.path),
      file.declarations.filter((d): d is LetDecl => d.kind === "Let" && d.name.recovered !== true),
    );
  const scopes = new Map<string, LetScope>();
  for (const file of files) {
    const visible = new Map<string, LetDecl>();
    const add = (decl: LetDecl) => {
      const prior = visible.get(decl.name.name);
      if (prior !== undefined && prior !== decl)
        report(
          makeDiagnostic(
            "CP2014",
            decl.name.span,
            { name: decl.name.name },
            { related: [{ span: prior.name.span, message: "first defined here" }] },
          ),
        );
      else visible.set(decl.name.name, decl);
    };
    for (const decl of own.get(normal(file.path)) ?? []) add(decl);
    for (const decl of file.declarations) {
      if (decl.kind !== "Import" || decl.path.recovered === true) continue;
      const target = normal(posix.join(posix.dirname(file.path.replace(/\\/g, "/")), decl.path.value));
      const lets = own.get(target);
      if (lets === undefined) report(makeDiagnostic("CP2016", decl.path.span, { path: decl.path.value }));
      else for (const l of lets) if (!visible.has(l.name.name) || visible.get(l.name.name) !== l) add(l);
    }
    scopes.set(file.path, { own: own.get(normal(file.path)) ?? [], visible });
  }
  return scopes;
}

/** Files that import each other (directly or through others) are reported once per cycle (CP2015). */
function reportImportCycles(files: PolicyFile[], report: (d: Diagnostic) => void): void {
  const edges = new Map<string, { target: string; span: Span }[]>();
  for (const file of files) {
    const from = normal(file.path);
    edges.set(
      from,
      file.declarations.flatMap((d) =>
        d.kind === "Import" && d.path.recovered !== true
          ? [{ target: normal(posix.join(posix.dirname(from), d.path.value)), span: d.path.span }]
          : [],
      ),
    );
  }
  const reported = new Set<string>();
  const visit = (node: string, stack: string[]) => {
    for (const edge of edges.get(node) ?? []) {
      const at = stack.indexOf(edge.target);
      if (at >= 0) {
        const cycle = [...stack.slice(at), edge.target];
        const key = [...cycle.slice(0, -1)].sort().join("\u0000");
        if (!reported.has(key)) {
          reported.add(key);
          report(makeDiagnostic("CP2015", edge.span, { cycle: cycle.map((f) => `\`${f}\``).join(" -> ") }));
        }
      } else if (edges.has(edge.target) && stack.length < 64) visit(edge.target, [...stack, edge.target]);
    }
  };
  for (const start of edges.keys()) visit(start, [start]);
}

function normal(path: string): string {
  return posix.normalize(path.replace(/\\/g, "/"));
}

function reportUnusedLets(
  scopes: Map<string, LetScope>,
  letTargets: Map<PathExpr, LetDecl>,
  report: (d: Diagnostic) => void,
): void {
  const used = new Set(letTargets.values());
  for (const scope of scopes.values())
    for (const decl of scope.own)
      if (!used.has(decl) && decl.value.recovered !== true)
        report(makeDiagnostic("CP2031", decl.name.span, { name: decl.name.name }));
}
