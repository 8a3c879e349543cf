import { createHash } from "node:crypto";
import { posix } from "node:path";
import type { AccessDecl, Expr, LetDecl, PathExpr, PolicyFile } from "../ast/nodes.js";
import type { Diagnostic, StageResult } from "../diagnostics/diagnostic.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import type { FactSchema } from "../schema/fact-schema.js";
import { builtinSchema } from "../schema/load-fact-schema.js";
import type { Span } from "../source/span.js";
import type { CheckedAccess } from "./access-model.js";
import { checkAccess } from "./check-access.js";
import { checkCompliance } from "./check-compliance.js";
import { checkCondition, checkExpr } from "./check-expr.js";
import { checkProperty } from "./check-property.js";
import { checkWaiver } from "./check-waiver.js";
import type { CheckedCompliance, CheckedPolicySet, CheckedWaiver } from "./checked.js";
import { ERROR, type ExprContext } from "./expr-context.js";
import type { FactType } from "./fact-type.js";

export interface CheckOptions {
  /** Custom facts schemas; the built-in ones are used for any not given. */
  schemas?: { device?: FactSchema; signIn?: FactSchema };
  /** Epoch ms: waivers that expired by then are reported (CP2019). Omit for a pure check. */
  now?: number;
  /** File texts by path, so the set's hash covers the exact sources. */
  sources?: ReadonlyMap<string, string>;
}

/**
 * Resolves names and types across a set of parsed files and normalises every policy: the
 * result is what the evaluator compiles. Every problem is a diagnostic; the value is always
 * returned (policies with errors are left out or partly checked).
 */
export function check(files: PolicyFile[], options: CheckOptions = {}): StageResult<CheckedPolicySet> {
  const diagnostics: Diagnostic[] = [];
  const report = (d: Diagnostic) => diagnostics.push(d);
  const schemas = { device: options.schemas?.device ?? builtinSchema("device"), signIn: options.schemas?.signIn ?? builtinSchema("signIn") };
  const types = new Map<Expr, FactType>();
  const letTargets = new Map<PathExpr, LetDecl>();
  const device = new Map([[schemas.device.rootName, schemas.device.root as FactType]]);
  const signInDevice = (schemas.signIn.root.properties["device"] ?? { kind: "object", properties: {}, open: true }) as FactType;
  const both = new Map([...device, [schemas.signIn.rootName, schemas.signIn.root as FactType]]);

  const scopes = letScopes(files, report);
  const letTypes = new Map<LetDecl, FactType>();
  const inProgress: LetDecl[] = [];
  const letFile = new Map<LetDecl, string>();
  for (const [path, scope] of scopes) for (const decl of scope.own) letFile.set(decl, path);
  const context = (file: string, roots: ReadonlyMap<string, FactType>): ExprContext => ({
    report,
    types,
    letTargets,
    roots,
    lets: scopes.get(file)?.visible ?? new Map(),
    vars: new Map(),
    letType(decl) {
      const known = letTypes.get(decl);
      if (known !== undefined) return known;
      if (inProgress.includes(decl)) {
        const cycle = [...inProgress.slice(inProgress.indexOf(decl)), decl].map((d) => d.name.name).join(" -> ");
        report(makeDiagnostic("CP2028", decl.name.span, { name: decl.name.name, cycle }));
        letTypes.set(decl, ERROR);
        return ERROR;
      }
      inProgress.push(decl);
      const type = checkExpr(context(letFile.get(decl) ?? file, both), decl.value);
      inProgress.pop();
      if (!letTypes.has(decl)) letTypes.set(decl, type);
      return letTypes.get(decl)!;
    },
  });

  const names = new Map<string, Span>();
  const unique = (name: { name: string; span: Span; recovered?: boolean }) => {
    if (name.recovered === true) return false;
    const first = names.get(name.name);
    if (first !== undefined) {
      report(makeDiagnostic("CP2011", name.span, { name: name.name }, { related: [{ span: first, message: "first declared here" }] }));
      return false;
    }
    names.set(name.name, name.span);
    return true;
  };

  const compliance: CheckedCompliance[] = [];
  const access: CheckedAccess[] = [];
  for (const file of files) {
    for (const decl of file.declarations) {
      if (decl.kind === "Let") context(file.path, both).letType(decl);
      if (decl.kind === "Compliance" && unique(decl.name)) compliance.push(checkCompliance(decl, context(file.path, device)));
      if (decl.kind === "Access" && unique(decl.name)) {
        const checked = checkAccessDecl(decl, context(file.path, new Map([["device", signInDevice]])));
        if (checked !== undefined) access.push(checked);
      }
    }
  }
  const waivers: CheckedWaiver[] = [];
  const policyNames = [...compliance.map((p) => p.name), ...access.map((p) => p.name)];
  for (const file of files) {
    for (const decl of file.declarations) {
      if (decl.kind === "Waiver" && unique(decl.name)) {
        const waiver = checkWaiver(decl, compliance, context(file.path, device), options.now);
        if (waiver !== undefined) waivers.push(waiver);
      }
      if (decl.kind === "Property" && unique(decl.name)) checkProperty(decl, policyNames, context(file.path, both));
    }
  }
  reportImportCycles(files, report);
  reportUnusedLets(scopes, letTargets, report);
  const hash = hashOf(files, options.sources);
  return { value: { files, compliance, access, waivers, types, letTargets, schemas, hash }, diagnostics };
}

function checkAccessDecl(decl: AccessDecl, ctx: ExprContext): CheckedAccess | undefined {
  return checkAccess(decl, { report: ctx.report, checkDeviceCondition: (expr) => checkCondition(ctx, expr, "a device filter") });
}

interface LetScope {
  own: LetDecl[];
  visible: Map<string, LetDecl>;
}

/** Each file sees its own lets and those of the files it imports (not transitively). */
function letScopes(files: PolicyFile[], report: (d: Diagnostic) => void): Map<string, LetScope> {
  const own = new Map<string, LetDecl[]>();
  for (const file of files) own.set(normal(file.path), file.declarations.filter((d): d is LetDecl => d.kind === "Let" && d.name.recovered !== true));
  const scopes = new Map<string, LetScope>();
  for (const file of files) {
    const visible = new Map<string, LetDecl>();
    const add = (decl: LetDecl) => {
      const prior = visible.get(decl.name.name);
      if (prior !== undefined && prior !== decl) report(makeDiagnostic("CP2014", decl.name.span, { name: decl.name.name }, { related: [{ span: prior.name.span, message: "first defined here" }] }));
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
      file.declarations.flatMap((d) => (d.kind === "Import" && d.path.recovered !== true ? [{ target: normal(posix.join(posix.dirname(from), d.path.value)), span: d.path.span }] : [])),
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

function reportUnusedLets(scopes: Map<string, LetScope>, letTargets: Map<PathExpr, LetDecl>, report: (d: Diagnostic) => void): void {
  const used = new Set(letTargets.values());
  for (const scope of scopes.values()) for (const decl of scope.own) if (!used.has(decl) && decl.value.recovered !== true) report(makeDiagnostic("CP2031", decl.name.span, { name: decl.name.name }));
}

function hashOf(files: PolicyFile[], sources: ReadonlyMap<string, string> | undefined): string {
  const hash = createHash("sha256");
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    hash.update(file.path).update("\u0000");
    hash.update(sources?.get(file.path) ?? JSON.stringify(file.declarations, (k, v) => (k === "span" ? undefined : v))).update("\u0000");
  }
  return hash.digest("hex");
}
