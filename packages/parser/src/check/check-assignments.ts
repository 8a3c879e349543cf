import type { AssignClause, ComplianceClause, FilterDecl } from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import { didYouMean } from "../text/closest.js";
import type { CheckedAssignment, CheckedFilter, Platform } from "./checked.js";
import { PLATFORMS } from "./check-compliance.js";
import { singleClauses } from "./clause-set.js";
import { FILTER_PLATFORMS } from "./intune-filter-properties.js";
import { parseIntuneFilter } from "./intune-filter.js";

/**
 * Checks an assignment filter declaration: exactly one platform that takes filters, and a
 * rule in Intune's syntax that reads only the properties Intune offers on that platform.
 */
export function checkFilter(decl: FilterDecl, report: (d: Diagnostic) => void): CheckedFilter | undefined {
  const single = singleClauses(decl.clauses, new Set(), `assignment filter \`${decl.name.name}\``, report, (c) =>
    c.kind === "FilterRule" ? "rule" : c.kind.toLowerCase(),
  );
  const platformClause = single.get("platform");
  const ruleClause = single.get("rule");
  if (platformClause?.kind !== "Platform" || ruleClause?.kind !== "FilterRule") {
    if (decl.recovered !== true)
      report(
        makeDiagnostic("CP2021", decl.name.span, {
          block: "assignment filter",
          name: decl.name.name,
          clause: platformClause === undefined ? "platform" : "rule",
        }),
      );
    return undefined;
  }
  const [first, ...rest] = platformClause.platforms;
  if (first === undefined) return undefined;
  if (rest.length > 0) {
    report(
      makeDiagnostic("CP2077", rest[0]!.span, {
        problem: `assignment filter \`${decl.name.name}\` names more than one platform`,
        help: "an Intune filter is for one platform: declare one filter per platform",
      }),
    );
    return undefined;
  }
  if (!(FILTER_PLATFORMS as readonly string[]).includes(first.name)) {
    const known = (PLATFORMS as readonly string[]).includes(first.name);
    const help = known
      ? `Intune has no assignment filters for \`${first.name}\``
      : (didYouMean(first.name, FILTER_PLATFORMS) ??
        `filters are for ${FILTER_PLATFORMS.map((p) => `\`${p}\``).join(", ")}`);
    if (first.recovered !== true)
      report(
        makeDiagnostic(
          known ? "CP2077" : "CP2009",
          first.span,
          known ? { problem: `\`${first.name}\` does not take assignment filters`, help } : { name: first.name, help },
        ),
      );
    return undefined;
  }
  const platform = first.name as Platform;
  const parsed = parseIntuneFilter(ruleClause.rule.value, ruleClause.rule.span, platform);
  parsed.diagnostics.forEach(report);
  if (parsed.value === undefined) return undefined;
  const description = single.get("description");
  return {
    name: decl.name.name,
    title: decl.title?.value ?? decl.name.name,
    ...(description?.kind === "Description" ? { description: description.text.value } : {}),
    platform,
    rule: ruleClause.rule.value,
    ast: parsed.value,
  };
}

/**
 * Checks a compliance policy's `assign` clauses: targets Intune accepts (a group, all users,
 * all devices; only groups can be excluded), each target once, filters only on inclusions,
 * known filters of the policy's platform. Undefined when the policy declares no assignment.
 */
export function checkAssignments(
  policy: string,
  clauses: readonly ComplianceClause[],
  platforms: readonly Platform[],
  filters: ReadonlyMap<string, CheckedFilter | undefined>,
  report: (d: Diagnostic) => void,
): CheckedAssignment[] | undefined {
  const written = clauses.filter((c): c is AssignClause => c.kind === "Assign");
  if (written.length === 0) return undefined;
  const out: CheckedAssignment[] = [];
  const seen = new Set<string>();
  const problem = (span: AssignClause["span"], text: string, help: string) =>
    report(makeDiagnostic("CP2077", span, { problem: text, help }));
  for (const clause of written) {
    const t = clause.target;
    let target: CheckedAssignment["target"];
    if (t.kind === "Everyone") {
      target = t.everyone.name === "users" ? { kind: "allUsers" } : { kind: "allDevices" };
      if (clause.mode === "exclude") {
        problem(
          clause.span,
          `\`all ${t.everyone.name}\` cannot be excluded`,
          'Intune excludes groups only: `assign exclude group "id"`',
        );
        continue;
      }
    } else {
      if (t.selector.name !== "group") {
        if (t.selector.recovered !== true)
          problem(
            t.selector.span,
            `unknown assignment target \`${t.selector.name}\``,
            'assign to `group "id"`, `all users` or `all devices`',
          );
        continue;
      }
      if (t.id.value.trim() === "") {
        if (t.id.recovered !== true)
          problem(t.id.span, "the group id is empty", 'write the Entra group\'s object id: `group "6f1c…" "Finance"`');
        continue;
      }
      target = { kind: "group", id: t.id.value, ...(t.name === undefined ? {} : { name: t.name.value }) };
    }
    const key = target.kind === "group" ? `group ${target.id}` : target.kind;
    if (seen.has(key)) {
      const targetText =
        target.kind === "group" ? `group \`${target.id}\`` : `\`${key === "allUsers" ? "all users" : "all devices"}\``;
      problem(
        clause.span,
        `${targetText} is assigned more than once in \`${policy}\``,
        "Intune takes each target once per policy, either included or excluded",
      );
      continue;
    }
    seen.add(key);
    const assignment: CheckedAssignment = { mode: clause.mode, target };
    if (clause.filter !== undefined) {
      const name = clause.filter.name;
      if (clause.mode === "exclude") {
        problem(
          name.span,
          "an excluded group cannot carry an assignment filter",
          "Intune applies filters to included targets only",
        );
        continue;
      }
      if (!filters.has(name.name)) {
        if (name.recovered !== true)
          report(
            makeDiagnostic("CP2075", name.span, {
              name: name.name,
              help:
                didYouMean(name.name, [...filters.keys()]) ??
                'declare it: `filter name { platform windows  rule "..." }`',
            }),
          );
        continue;
      }
      const filter = filters.get(name.name);
      // A filter with errors was already reported: the assignment is dropped with it.
      if (filter === undefined) continue;
      if (platforms.length > 0 && !platforms.includes(filter.platform)) {
        report(
          makeDiagnostic("CP2076", name.span, {
            filter: filter.name,
            filterPlatform: filter.platform,
            policy,
            policyPlatforms: platforms.map((p) => `\`${p}\``).join(", "),
          }),
        );
        continue;
      }
      assignment.filter = { mode: clause.filter.mode, name: filter.name };
    }
    out.push(assignment);
  }
  return out;
}
