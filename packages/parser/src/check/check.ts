// check: parsed files -> checked policy set (names, types, normalised policies), after `link`.
import { createHash } from "node:crypto";
import type { AccessDecl, Expr, LetDecl, PathExpr, PolicyFile, PropertyDecl } from "../ast/nodes.js";
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
import type { CheckedCompliance, CheckedFilter, CheckedPolicySet, CheckedWaiver } from "./checked.js";
import type { ExprContext } from "./expr-context.js";
import { LetTypes, linkFiles, reportLinkProblems } from "./link.js";
import { checkAssignments, checkFilter } from "./check-assignments.js";
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
  const schemas = {
    device: options.schemas?.device ?? builtinSchema("device"),
    signIn: options.schemas?.signIn ?? builtinSchema("signIn"),
  };
  const types = new Map<Expr, FactType>();
  const letTargets = new Map<PathExpr, LetDecl>();
  const device = new Map([[schemas.device.rootName, schemas.device.root as FactType]]);
  const signInDevice = (schemas.signIn.root.properties["device"] ?? {
    kind: "object",
    properties: {},
    open: true,
  }) as FactType;
  const both = new Map([...device, [schemas.signIn.rootName, schemas.signIn.root as FactType]]);

  const linked = linkFiles(files, report);
  const letTypes = new LetTypes(report);
  const context = (file: string, roots: ReadonlyMap<string, FactType>): ExprContext => ({
    report,
    types,
    letTargets,
    roots,
    lets: linked.scopes.get(file)?.visible ?? new Map(),
    vars: new Map(),
    letType: (decl) =>
      letTypes.typeOf(decl, () => checkExpr(context(linked.letFile.get(decl) ?? file, both), decl.value)),
  });

  const names = new Map<string, Span>();
  const unique = (name: { name: string; span: Span; recovered?: boolean }) => {
    if (name.recovered === true) return false;
    const first = names.get(name.name);
    if (first !== undefined) {
      report(
        makeDiagnostic(
          "CP2011",
          name.span,
          { name: name.name },
          { related: [{ span: first, message: "first declared here" }] },
        ),
      );
      return false;
    }
    names.set(name.name, name.span);
    return true;
  };

  // Filters have their own namespace (Intune keeps them apart from policies); a filter with
  // errors maps to undefined so assignments naming it are not reported a second time.
  const filterByName = new Map<string, CheckedFilter | undefined>();
  const filterSpans = new Map<string, Span>();
  for (const file of files) {
    for (const decl of file.declarations) {
      if (decl.kind !== "Filter" || decl.name.recovered === true) continue;
      const first = filterSpans.get(decl.name.name);
      if (first !== undefined)
        report(
          makeDiagnostic(
            "CP2078",
            decl.name.span,
            { name: decl.name.name },
            { related: [{ span: first, message: "first declared here" }] },
          ),
        );
      else {
        filterSpans.set(decl.name.name, decl.name.span);
        filterByName.set(decl.name.name, checkFilter(decl, report));
      }
    }
  }
  const filters = [...filterByName.values()].filter((f): f is CheckedFilter => f !== undefined);

  const compliance: CheckedCompliance[] = [];
  const access: CheckedAccess[] = [];
  for (const file of files) {
    for (const decl of file.declarations) {
      if (decl.kind === "Let") context(file.path, both).letType(decl);
      if (decl.kind === "Compliance" && unique(decl.name)) {
        const policy = checkCompliance(decl, context(file.path, device));
        const assignments = checkAssignments(policy.name, decl.clauses, policy.platforms, filterByName, report);
        compliance.push(assignments === undefined ? policy : { ...policy, assignments });
      }
      if (decl.kind === "Access" && unique(decl.name)) {
        const checked = checkAccessDecl(decl, context(file.path, new Map([["device", signInDevice]])));
        if (checked !== undefined) access.push(checked);
      }
    }
  }
  const waivers: CheckedWaiver[] = [];
  const policyNames = [...compliance.map((p) => p.name), ...access.map((p) => p.name)];
  const properties = files.flatMap((f) => f.declarations.filter((d): d is PropertyDecl => d.kind === "Property"));
  for (const file of files) {
    for (const decl of file.declarations) {
      if (decl.kind === "Waiver" && unique(decl.name)) {
        const waiver = checkWaiver(decl, compliance, context(file.path, both), options.now, properties);
        if (waiver !== undefined) waivers.push(waiver);
      }
      if (decl.kind === "Property" && unique(decl.name)) checkProperty(decl, policyNames, context(file.path, both));
    }
  }
  reportLinkProblems(files, linked, letTargets, report);
  const hash = hashOf(files, options.sources);
  return { value: { files, compliance, access, waivers, filters, types, letTargets, schemas, hash }, diagnostics };
}

function checkAccessDecl(decl: AccessDecl, ctx: ExprContext): CheckedAccess | undefined {
  return checkAccess(decl, {
    report: ctx.report,
    checkDeviceCondition: (expr) => checkCondition(ctx, expr, "a device filter"),
  });
}

function hashOf(files: PolicyFile[], sources: ReadonlyMap<string, string> | undefined): string {
  const hash = createHash("sha256");
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    hash.update(file.path).update("\u0000");
    hash
      .update(sources?.get(file.path) ?? JSON.stringify(file.declarations, (k, v) => (k === "span" ? undefined : v)))
      .update("\u0000");
  }
  return hash.digest("hex");
}
