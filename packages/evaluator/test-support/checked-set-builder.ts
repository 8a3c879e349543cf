/**
 * Builds checked policy sets directly from AST nodes with their types, so evaluator tests
 * and property tests do not depend on the parser or checker. Types mirror the built-in
 * device schema (Graph `managedDevice` names).
 */
import { emptySpan } from "@tenet/parser";
import type {
  CheckedCompliance,
  CheckedPolicySet,
  CheckedRule,
  CheckedWaiver,
  CompareOperator,
  Expr,
  FactType,
  Ident,
  LetDecl,
  PathExpr,
  Platform,
  ScheduledAction,
  UnknownOutcome,
  Enforcement,
} from "@tenet/parser";

const span = emptySpan("test.tenet");
const ident = (name: string): Ident => ({ kind: "Ident", name, span });

export const T_VERSION: FactType = { kind: "version" };
export const T_BOOL: FactType = { kind: "boolean" };
export const T_NUM: FactType = { kind: "number" };
export const T_STR: FactType = { kind: "string" };
export const T_DATETIME: FactType = { kind: "datetime" };
export const T_DATE: FactType = { kind: "date" };
export const T_THREAT: FactType = { kind: "enum", values: ["secured", "low", "medium", "high"], ordered: true };

/** A subset of the device schema used by tests. */
export const DEVICE_TYPES: Record<string, FactType> = {
  id: T_STR,
  deviceName: T_STR,
  operatingSystem: T_STR,
  osVersion: T_VERSION,
  isEncrypted: T_BOOL,
  firewallEnabled: T_BOOL,
  deviceThreatLevel: T_THREAT,
  lastSyncDateTime: T_DATETIME,
  androidSecurityPatchLevel: T_DATE,
  passcodeLength: T_NUM,
  jailBroken: T_STR,
  deviceCategory: T_STR,
  tags: { kind: "list", element: T_STR },
  "deviceHealthAttestationState.bitLockerStatus": T_STR,
  "deviceHealthAttestationState.secureBoot": T_STR,
  detectedApps: {
    kind: "list",
    element: { kind: "object", properties: { displayName: T_STR, version: T_VERSION }, open: true },
  },
};

/** Accumulates typed expressions and declarations into a CheckedPolicySet. */
export class SetBuilder {
  readonly types = new Map<Expr, FactType>();
  readonly letTargets = new Map<PathExpr, LetDecl>();
  readonly compliance: CheckedCompliance[] = [];
  readonly waivers: CheckedWaiver[] = [];
  private readonly lets = new Map<string, LetDecl>();

  private typed<E extends Expr>(e: E, t: FactType): E {
    this.types.set(e, t);
    return e;
  }

  /** `device.a.b` typed from DEVICE_TYPES; other roots (quantifier variables) take `type`. */
  path(text: string, type?: FactType): PathExpr {
    const segments = text.split(".").map(ident);
    const e: PathExpr = { kind: "Path", segments, span };
    const letDecl = this.lets.get(text);
    if (letDecl !== undefined) {
      this.letTargets.set(e, letDecl);
      const t = this.types.get(letDecl.value);
      if (t !== undefined) this.types.set(e, t);
      return e;
    }
    const t = type ?? (text.startsWith("device.") ? DEVICE_TYPES[text.slice(7)] : undefined);
    if (t !== undefined) this.types.set(e, t);
    return e;
  }
  let(name: string, value: Expr): void {
    this.lets.set(name, { kind: "Let", name: ident(name), value, span });
  }
  str(value: string, type: FactType = T_STR): Expr {
    return this.typed({ kind: "String", value, span }, type);
  }
  num(value: number): Expr {
    return this.typed({ kind: "Number", value, text: String(value), span }, T_NUM);
  }
  bool(value: boolean): Expr {
    return this.typed({ kind: "Boolean", value, span }, T_BOOL);
  }
  date(value: string): Expr {
    return this.typed({ kind: "Date", value, span }, T_DATE);
  }
  ts(text: string): Expr {
    return this.typed({ kind: "Timestamp", millis: Date.parse(text), text, span }, T_DATETIME);
  }
  list(elements: Expr[], element: FactType = T_STR): Expr {
    return this.typed({ kind: "List", elements, span }, { kind: "list", element });
  }
  cmp(operator: CompareOperator, left: Expr, right: Expr): Expr {
    return this.typed({ kind: "Compare", operator, left, right, span }, T_BOOL);
  }
  and(left: Expr, right: Expr): Expr {
    return this.typed({ kind: "Binary", operator: "and", left, right, span }, T_BOOL);
  }
  or(left: Expr, right: Expr): Expr {
    return this.typed({ kind: "Binary", operator: "or", left, right, span }, T_BOOL);
  }
  not(operand: Expr): Expr {
    return this.typed({ kind: "Not", operand, span }, T_BOOL);
  }
  in(element: Expr, collection: Expr, negated = false): Expr {
    return this.typed({ kind: "In", negated, element, collection, span }, T_BOOL);
  }
  sop(operator: "startsWith" | "endsWith" | "contains" | "matches", left: Expr, right: Expr): Expr {
    return this.typed({ kind: "StringOp", operator, left, right, span }, T_BOOL);
  }
  within(subject: Expr, text: string, older = false): Expr {
    return this.typed(
      { kind: "Time", operator: older ? "olderThan" : "within", subject, duration: duration(text), span },
      T_BOOL,
    );
  }
  present(subject: Expr, present = true): Expr {
    return this.typed({ kind: "Presence", present, subject, span }, T_BOOL);
  }
  quant(quantifier: "any" | "all", variable: string, collection: Expr, body: Expr): Expr {
    return this.typed({ kind: "Quantifier", quantifier, variable: ident(variable), collection, body, span }, T_BOOL);
  }

  policy(
    name: string,
    rules: RuleSpec[],
    opts: {
      platforms?: Platform[];
      when?: Expr;
      enforcement?: Enforcement;
      schedule?: ScheduledAction[];
      title?: string;
    } = {},
  ): CheckedCompliance {
    const enforcement = opts.enforcement ?? "soft";
    const schedule = opts.schedule ?? [{ afterMillis: 0, action: "markNoncompliant", args: [] }];
    const p: CheckedCompliance = {
      decl: { kind: "Compliance", name: ident(name), clauses: [], span },
      name,
      title: opts.title ?? name,
      platforms: opts.platforms ?? [],
      enforcement,
      rules: rules.map((r): CheckedRule => {
        const rule: CheckedRule = {
          decl: { kind: "Rule", name: ident(r.name), clauses: [], span },
          id: `${name}.${r.name}`,
          name: r.name,
          title: r.title ?? r.name,
          require: r.require,
          severity: r.severity ?? "medium",
          enforcement: r.enforcement ?? enforcement,
          onUnknown: r.onUnknown ?? "error",
          controls: r.controls ?? [],
        };
        if (r.when !== undefined) rule.when = r.when;
        if (r.remediation !== undefined) rule.remediation = r.remediation;
        return rule;
      }),
      schedule,
      controls: [],
    };
    if (opts.when !== undefined) p.when = opts.when;
    this.compliance.push(p);
    return p;
  }

  waiver(
    name: string,
    rules: { policy: string; rule?: string }[],
    expires: string,
    opts: { scope?: Expr; deviceIds?: string[] } = {},
  ): void {
    const w: CheckedWaiver = {
      decl: { kind: "Waiver", name: ident(name), clauses: [], span },
      name,
      rules,
      reason: "test",
      approver: "secops@example.com",
      expiresMillis: Date.parse(expires),
    };
    if (opts.scope !== undefined) w.scope = opts.scope;
    if (opts.deviceIds !== undefined) w.deviceIds = opts.deviceIds;
    this.waivers.push(w);
  }

  build(): CheckedPolicySet {
    return {
      files: [],
      compliance: this.compliance,
      access: [],
      waivers: this.waivers,
      filters: [],
      types: this.types,
      letTargets: this.letTargets,
      schemas: {
        device: {
          rootName: "device",
          json: {},
          root: { kind: "object", properties: {}, open: true },
          personalPaths: [],
        },
        signIn: {
          rootName: "signIn",
          json: {},
          root: { kind: "object", properties: {}, open: true },
          personalPaths: [],
        },
      },
      hash: "test-hash",
    };
  }
}

export interface RuleSpec {
  name: string;
  require: Expr;
  title?: string;
  when?: Expr;
  severity?: "low" | "medium" | "high" | "critical";
  enforcement?: Enforcement;
  onUnknown?: UnknownOutcome;
  remediation?: string;
  controls?: { framework: string; id: string }[];
}

const UNIT: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

function duration(text: string): { kind: "Duration"; millis: number; text: string; span: typeof span } {
  const m = /^(\d+)([smhdw])$/.exec(text);
  if (m === null) throw new Error(`bad duration ${text}`);
  return { kind: "Duration", millis: Number(m[1]) * (UNIT[m[2] as string] as number), text, span };
}

/** Hours/days helpers for schedules. */
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
