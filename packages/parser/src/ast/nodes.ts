import type { Span } from "../source/span.js";

/**
 * The Tenet AST: a discriminated union on `kind`; every node carries its `span`.
 * Structural equality (`astEqual`) ignores spans. Names are plain strings; the checker
 * resolves them. Nodes produced by error recovery set `recovered: true`.
 *
 * A well-formed file's spans are OffsetSpans (source/offset-span.ts): two offsets, with `file`,
 * `start` and `end` worked out when read, and the same JSON as a plain Span. A structured clone
 * (`structuredClone`, `postMessage`) keeps only the offsets: parse the text again instead.
 */
interface NodeBase {
  span: Span;
  recovered?: boolean;
}

// ---------------------------------------------------------------- file level

export interface PolicyFile extends NodeBase {
  kind: "File";
  path: string;
  declarations: Declaration[];
  /** Every comment of the file, in source order (the formatter re-attaches them). */
  comments: Comment[];
}

export interface Comment extends NodeBase {
  kind: "Comment";
  /** Text after `#`, without the line end. */
  text: string;
}

export type Declaration = ImportDecl | LetDecl | ComplianceDecl | AccessDecl | WaiverDecl | PropertyDecl | FilterDecl;

/** `import "shared/versions.tenet"`: makes the `let` names of that file visible. */
export interface ImportDecl extends NodeBase {
  kind: "Import";
  path: StringLit;
}

/** `let min-windows = "10.0.19045"`: a named expression. */
export interface LetDecl extends NodeBase {
  kind: "Let";
  name: Ident;
  value: Expr;
}

export interface Ident extends NodeBase {
  kind: "Ident";
  name: string;
}

// ---------------------------------------------------------------- compliance

/** `compliance windows-baseline "Windows baseline" { ... }` */
export interface ComplianceDecl extends NodeBase {
  kind: "Compliance";
  name: Ident;
  title?: StringLit;
  clauses: ComplianceClause[];
}

export type ComplianceClause =
  | DescriptionClause
  | PlatformClause
  | EnforcementClause
  | ControlsClause
  | WhenClause
  | OnUnknownClause
  | RuleDecl
  | ScheduleClause
  | AssignClause;

/**
 * `assign include group "id" "Finance" filter include corporate`, `assign include all users`,
 * `assign include all devices`, `assign exclude group "id"`: one Intune assignment.
 */
export interface AssignClause extends NodeBase {
  kind: "Assign";
  mode: "include" | "exclude";
  target: AssignTarget;
  /** An assignment filter, by the name of its `filter` declaration. */
  filter?: { mode: "include" | "exclude"; name: Ident };
}

/** `all users` / `all devices` (`everyone` holds the word), or `group "id" ["display name"]`. */
export type AssignTarget =
  { kind: "Everyone"; everyone: Ident } | { kind: "Group"; selector: Ident; id: StringLit; name?: StringLit };

/** `description "..."` */
export interface DescriptionClause extends NodeBase {
  kind: "Description";
  text: StringLit;
}

/** `platform windows` or `platform iOS, macOS`. Names are checked against the platform list. */
export interface PlatformClause extends NodeBase {
  kind: "Platform";
  platforms: Ident[];
}

/** `enforcement hard`: advisory | soft | hard. */
export interface EnforcementClause extends NodeBase {
  kind: "Enforcement";
  level: Ident;
}

/** `controls iso27001 "A.8.24", hipaa "164.312(a)(2)(iv)"` */
export interface ControlsClause extends NodeBase {
  kind: "Controls";
  controls: ControlRef[];
}

export interface ControlRef extends NodeBase {
  kind: "ControlRef";
  framework: Ident;
  id: StringLit;
}

/** `when <expr>`: applicability; when false the policy or rule is notApplicable. */
export interface WhenClause extends NodeBase {
  kind: "When";
  condition: Expr;
}

/** `on unknown fail`: what a rule that ends unknown becomes: error (default) | unknown | fail. */
export interface OnUnknownClause extends NodeBase {
  kind: "OnUnknown";
  outcome: Ident;
}

/** `rule os-supported "OS build is supported" { ... }` */
export interface RuleDecl extends NodeBase {
  kind: "Rule";
  name: Ident;
  title?: StringLit;
  clauses: RuleClause[];
}

export type RuleClause =
  | RequireClause
  | SeverityClause
  | RemediationClause
  | ControlsClause
  | EnforcementClause
  | WhenClause
  | OnUnknownClause
  | DescriptionClause;

/** `require <expr>` */
export interface RequireClause extends NodeBase {
  kind: "Require";
  condition: Expr;
}

/** `severity high`: low | medium | high | critical. */
export interface SeverityClause extends NodeBase {
  kind: "Severity";
  level: Ident;
}

/** `remediation "Update Windows: {device.osVersion} is too old"` (`{path}` is interpolated). */
export interface RemediationClause extends NodeBase {
  kind: "Remediation";
  text: StringLit;
}

/** `on noncompliant { after 72h mark noncompliant ... }` */
export interface ScheduleClause extends NodeBase {
  kind: "Schedule";
  steps: ScheduleStep[];
}

/**
 * `after 72h notify` / `after 3d mark noncompliant` / `after 30d retire`.
 * `action` holds the action words (e.g. ["mark", "noncompliant"]); `args` optional strings
 * (e.g. `notify "template-id"`).
 */
export interface ScheduleStep extends NodeBase {
  kind: "ScheduleStep";
  after: DurationLit;
  action: Ident[];
  args: StringLit[];
}

// ---------------------------------------------------------------- access

/** `access o365-mfa "Office 365 needs MFA" { ... }` */
export interface AccessDecl extends NodeBase {
  kind: "Access";
  name: Ident;
  title?: StringLit;
  clauses: AccessClause[];
}

export type AccessClause =
  | DescriptionClause
  | StateClause
  | ConditionClause
  | DeviceFilterClause
  | GrantClause
  | SessionClause
  | ControlsClause
  | UnsupportedClause;

/**
 * `unsupported "conditions.authenticationFlows: deviceCodeFlow"`: a part of the source policy
 * Tenet cannot represent. Repeatable. Where the policy would otherwise apply, its decision
 * is unknown (not evaluable, with these reasons), never a guess.
 */
export interface UnsupportedClause extends NodeBase {
  kind: "Unsupported";
  text: StringLit;
}

/** `state enabled`: enabled | report-only | disabled. */
export interface StateClause extends NodeBase {
  kind: "State";
  state: Ident;
}

/**
 * `users include all exclude group "breakglass"`, `apps include suite "Office365"`,
 * `clients include browser`, `platforms include all exclude iOS`,
 * `locations include all exclude trusted`, `signInRisk include high, medium`, ...
 * `condition` is the clause keyword; the checker validates which items each allows.
 */
export interface ConditionClause extends NodeBase {
  kind: "Condition";
  condition: Ident;
  include: SelectorItem[];
  exclude: SelectorItem[];
}

/** `all`, `trusted`, `group "id"`, `country "DE", "FR"`, `guests b2bCollaborationGuest`. */
export interface SelectorItem extends NodeBase {
  kind: "Selector";
  selector: Ident;
  /** String arguments (ids, countries) or identifier arguments (guest types). */
  values: (StringLit | Ident)[];
}

/**
 * `devices include where <expr>` (Tenet syntax over `device.*`) or
 * `devices exclude rule "device.trustType -eq \"ServerAD\""` (Entra's rule syntax).
 */
export interface DeviceFilterClause extends NodeBase {
  kind: "DeviceFilter";
  mode: "include" | "exclude";
  filter: { kind: "TenetFilter"; condition: Expr } | { kind: "EntraFilter"; rule: StringLit };
}

/** `grant block`, `grant mfa`, `grant all(mfa, compliantDevice)`, `grant any(...)`. */
export interface GrantClause extends NodeBase {
  kind: "Grant";
  operator: "all" | "any";
  controls: ControlItem[];
}

/** `mfa`, `termsOfUse "tou-id"`, `authenticationStrength "phishing-resistant"`. */
export interface ControlItem extends NodeBase {
  kind: "ControlItem";
  name: Ident;
  values: StringLit[];
}

/** `session signInFrequency 4h, persistentBrowser never, continuousAccessEvaluation strict` */
export interface SessionClause extends NodeBase {
  kind: "Session";
  settings: SessionSetting[];
}

export interface SessionSetting extends NodeBase {
  kind: "SessionSetting";
  name: Ident;
  value?: Literal | Ident;
}

// ---------------------------------------------------------------- assignment filters

/** `filter corporate "Corporate devices" { platform windows  rule "..." }`: an Intune assignment filter. */
export interface FilterDecl extends NodeBase {
  kind: "Filter";
  name: Ident;
  title?: StringLit;
  clauses: FilterClause[];
}

export type FilterClause = DescriptionClause | PlatformClause | FilterRuleClause;

/** `rule "(device.deviceOwnership -eq \"Corporate\")"`: the rule in Intune's filter syntax. */
export interface FilterRuleClause extends NodeBase {
  kind: "FilterRule";
  rule: StringLit;
}

// ---------------------------------------------------------------- waivers

/** `waiver lab-macs "..." { rules p.r, p2.* scope <expr> reason ... approver ... expires ... }` */
export interface WaiverDecl extends NodeBase {
  kind: "Waiver";
  name: Ident;
  title?: StringLit;
  clauses: WaiverClause[];
}

export type WaiverClause =
  | WaiverRulesClause
  | WaiverPropertiesClause
  | WaiverScopeClause
  | WaiverDevicesClause
  | WaiverTextClause
  | WaiverExpiresClause;

/** `rules windows-baseline.disk-encrypted, macos-baseline.*` */
export interface WaiverRulesClause extends NodeBase {
  kind: "WaiverRules";
  rules: RuleRef[];
}

/** `properties mfa-everywhere, admins-phishing-resistant`: the sign-in properties an exception is limited to. */
export interface WaiverPropertiesClause extends NodeBase {
  kind: "WaiverProperties";
  properties: Ident[];
}

/** `policy.rule` or `policy.*` (rule is undefined for `*`). */
export interface RuleRef extends NodeBase {
  kind: "RuleRef";
  policy: Ident;
  rule?: Ident;
}

/** `scope <expr>`: the devices the waiver covers. */
export interface WaiverScopeClause extends NodeBase {
  kind: "WaiverScope";
  condition: Expr;
}

/** `devices "id1", "id2"`: device ids the waiver covers. */
export interface WaiverDevicesClause extends NodeBase {
  kind: "WaiverDevices";
  ids: StringLit[];
}

/** `reason "..."`, `approver "..."`, `ticket "..."`. */
export interface WaiverTextClause extends NodeBase {
  kind: "WaiverText";
  field: "reason" | "approver" | "ticket";
  text: StringLit;
}

/** `expires 2027-03-31` or `expires 2027-03-31T00:00:00Z` (UTC). */
export interface WaiverExpiresClause extends NodeBase {
  kind: "WaiverExpires";
  at: DateLit | TimestampLit;
}

// ---------------------------------------------------------------- properties (tenet verify)

/** `property strict-covers-baseline "..." { assume <expr>  expect a stricterThan b  runs 500 }` */
export interface PropertyDecl extends NodeBase {
  kind: "Property";
  name: Ident;
  title?: StringLit;
  clauses: PropertyClause[];
}

export type PropertyClause = AssumeClause | ExpectClause | RunsClause;

/** `assume <expr>`: restricts generated devices or sign-ins (`device.*` / `signIn.*`). */
export interface AssumeClause extends NodeBase {
  kind: "Assume";
  condition: Expr;
}

/**
 * `expect windows-strict stricterThan windows-baseline`, `expect a equivalent b`,
 * `expect never blocked`, `expect requires mfa`, `expect no waivedHardFailures`:
 * one to three words; the checker validates the claim.
 */
export interface ExpectClause extends NodeBase {
  kind: "Expect";
  words: Ident[];
}

/** `runs 1000`: number of generated cases. */
export interface RunsClause extends NodeBase {
  kind: "Runs";
  count: NumberLit;
}

// ---------------------------------------------------------------- expressions

export type Expr =
  | BinaryExpr
  | NotExpr
  | CompareExpr
  | InExpr
  | StringOpExpr
  | TimeExpr
  | PresenceExpr
  | QuantifierExpr
  | PathExpr
  | Literal
  | ListExpr
  | ParenExpr;

/** `a and b`, `a or b` (Kleene three-valued). */
export interface BinaryExpr extends NodeBase {
  kind: "Binary";
  operator: "and" | "or";
  left: Expr;
  right: Expr;
}

export interface NotExpr extends NodeBase {
  kind: "Not";
  operand: Expr;
}

export type CompareOperator = "==" | "!=" | "<" | "<=" | ">" | ">=";

export interface CompareExpr extends NodeBase {
  kind: "Compare";
  operator: CompareOperator;
  left: Expr;
  right: Expr;
}

/** `x in [..]` / `x not in [..]` */
export interface InExpr extends NodeBase {
  kind: "In";
  negated: boolean;
  element: Expr;
  collection: Expr;
}

/** `x startsWith "LAB-"`, `endsWith`, `contains` (substring, or element of a list), `matches` (RE2). */
export interface StringOpExpr extends NodeBase {
  kind: "StringOp";
  operator: "startsWith" | "endsWith" | "contains" | "matches";
  left: Expr;
  right: Expr;
}

/** `t within 30d` (now - t <= 30d) / `t older than 30d` (now - t > 30d). */
export interface TimeExpr extends NodeBase {
  kind: "Time";
  operator: "within" | "olderThan";
  subject: Expr;
  duration: DurationLit;
}

/** `x is present` / `x is missing`: never unknown. */
export interface PresenceExpr extends NodeBase {
  kind: "Presence";
  present: boolean;
  subject: Expr;
}

/** `any app in device.detectedApps where app.displayName == "x"` (body extends to the end). */
export interface QuantifierExpr extends NodeBase {
  kind: "Quantifier";
  quantifier: "any" | "all";
  variable: Ident;
  collection: Expr;
  body: Expr;
}

/**
 * `device.osVersion`, `min-windows` (a let), `app.displayName` (a quantifier variable).
 * `segments[0]` is the root name.
 */
export interface PathExpr extends NodeBase {
  kind: "Path";
  segments: Ident[];
}

export interface ListExpr extends NodeBase {
  kind: "List";
  elements: Expr[];
}

/** Parentheses are kept so the printer and spans stay faithful. */
export interface ParenExpr extends NodeBase {
  kind: "Paren";
  inner: Expr;
}

export type Literal = StringLit | NumberLit | BooleanLit | DurationLit | DateLit | TimestampLit;

export interface StringLit extends NodeBase {
  kind: "String";
  /** Decoded value (escapes resolved). */
  value: string;
  /**
   * Offsets in `value` of braces written `\{` or `\}`: literal text, never the edge of a
   * remediation `{device.path}` placeholder (the formatter writes them escaped again).
   */
  literalBraces?: number[];
}

export interface NumberLit extends NodeBase {
  kind: "Number";
  value: number;
  /** Source spelling, kept so `14.0` prints back as `14.0`. */
  text: string;
}

export interface BooleanLit extends NodeBase {
  kind: "Boolean";
  value: boolean;
}

/** `30d`, `72h`, `15m`, `2w`, `45s`. */
export interface DurationLit extends NodeBase {
  kind: "Duration";
  /** Length in milliseconds. */
  millis: number;
  text: string;
}

/** `2027-03-31` */
export interface DateLit extends NodeBase {
  kind: "Date";
  /** ISO date text, `YYYY-MM-DD`. */
  value: string;
}

/** `2027-03-31T00:00:00Z` (UTC or with an offset). */
export interface TimestampLit extends NodeBase {
  kind: "Timestamp";
  /** Epoch milliseconds. */
  millis: number;
  text: string;
}

/** Every node type, for generic walkers. */
export type Node =
  | PolicyFile
  | Comment
  | Declaration
  | Ident
  | ComplianceClause
  | ControlRef
  | ScheduleStep
  | AccessClause
  | SelectorItem
  | ControlItem
  | SessionSetting
  | WaiverClause
  | RuleRef
  | PropertyClause
  | FilterClause
  | Expr;
