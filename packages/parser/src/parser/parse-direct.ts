import type * as A from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { ACCESS_CONDITIONS } from "../lexer/access-conditions.js";
import { isWord, K, kw, LITERAL_TYPE, scan, type ScanLimits } from "../lexer/scan.js";
import type { Span } from "../source/span.js";
import { exact, GIVE_UP } from "./direct-cursor.js";
import { DirectExprParser } from "./direct-expr.js";
import { durationLit, literalLit, missingIdent } from "./literals.js";

/** What a well-formed file parses to: the parts of a PolicyFile and the literal diagnostics (CP1003/CP1004). */
export interface DirectParse {
  declarations: A.Declaration[];
  comments: A.Comment[];
  span: Span;
  diagnostics: Diagnostic[];
}

/**
 * Parses a well-formed file straight to the AST: one scan into typed arrays, then recursive
 * descent over grammar.ts's rules with the nodes, spans and literal diagnostics the CST
 * conversion (cst-*.ts) produces. Most files have no syntax errors, and this path makes no token
 * objects and no concrete tree. At the first token chevrotain would not accept (or anything the
 * lexer or the depth limits would report) it returns undefined, and parse() runs the chevrotain
 * parser, whose error messages and recovery are the reference (tests compare both paths).
 */
export function parseDirect(text: string, file: string, limits: ScanLimits): DirectParse | undefined {
  const tokens = scan(text, limits);
  if (tokens === undefined || tokens.count === 0) return undefined;
  const parser = new DirectParser(text, tokens, file, limits);
  let declarations: A.Declaration[];
  try {
    declarations = parser.file();
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
  const c = tokens.comments;
  const comments: A.Comment[] = [];
  for (let i = 0; i < c.length; i += 2)
    comments.push({
      kind: "Comment",
      text: text.slice(c[i]! + 1, c[i + 1]!),
      span: new parser.Span(c[i]!, c[i + 1]!),
    });
  const span: Span = {
    file,
    start: { line: 1, column: 1, offset: 0 },
    end: parser.lines.position(tokens.end[tokens.count - 1]!),
  };
  return { declarations, comments, span, diagnostics: parser.convert.diagnostics };
}

const W = {
  import: kw("import"),
  let: kw("let"),
  compliance: kw("compliance"),
  access: kw("access"),
  waiver: kw("waiver"),
  property: kw("property"),
  filter: kw("filter"),
  rule: kw("rule"),
  require: kw("require"),
  severity: kw("severity"),
  remediation: kw("remediation"),
  controls: kw("controls"),
  enforcement: kw("enforcement"),
  when: kw("when"),
  on: kw("on"),
  description: kw("description"),
  platform: kw("platform"),
  assign: kw("assign"),
  include: kw("include"),
  exclude: kw("exclude"),
  all: kw("all"),
  users: kw("users"),
  devices: kw("devices"),
  after: kw("after"),
  state: kw("state"),
  grant: kw("grant"),
  session: kw("session"),
  unsupported: kw("unsupported"),
  where: kw("where"),
  rules: kw("rules"),
  properties: kw("properties"),
  scope: kw("scope"),
  reason: kw("reason"),
  approver: kw("approver"),
  ticket: kw("ticket"),
  expires: kw("expires"),
  assume: kw("assume"),
  expect: kw("expect"),
  runs: kw("runs"),
};
const CONDITION_KEYWORDS = new Set(ACCESS_CONDITIONS.map(kw));

/** The declaration and clause rules of grammar.ts, building what cst-declarations/-clauses/-access.ts build. */
class DirectParser extends DirectExprParser {
  file(): A.Declaration[] {
    const out: A.Declaration[] = [];
    while (this.kind() !== K.EOF) out.push(this.declaration());
    return exact(out);
  }

  private declaration(): A.Declaration {
    const first = this.p;
    switch (this.kind()) {
      case W.import: {
        this.p++;
        const path = this.string(this.expect(K.String));
        return { kind: "Import", path, span: this.spanFrom(first) };
      }
      case W.let: {
        this.p++;
        const name = this.ident(this.expectWord());
        this.expect(K.Assign);
        const value = this.expr();
        return { kind: "Let", name, value, span: this.spanFrom(first) };
      }
      case W.compliance:
        return this.block("Compliance", () => this.complianceClause());
      case W.access:
        return this.block("Access", () => this.accessClause());
      case W.waiver:
        return this.block("Waiver", () => this.waiverClause());
      case W.property:
        return this.block("Property", () => this.propertyClause());
      case W.filter:
        return this.block("Filter", () => this.filterClause());
      default:
        throw GIVE_UP;
    }
  }

  /** `KEYWORD name ["title"] { clause* }`. */
  private block<D extends A.Declaration | A.RuleDecl>(kind: D["kind"], clause: () => unknown): D {
    const first = this.p++;
    const name = this.ident(this.expectWord());
    const title = this.kind() === K.String ? this.string(this.p++) : undefined;
    this.expect(K.LBrace);
    const clauses: unknown[] = [];
    while (this.kind() !== K.RBrace) clauses.push(clause());
    this.p++;
    const span = this.spanFrom(first);
    return (
      title === undefined
        ? { kind, name, clauses: exact(clauses), span }
        : { kind, name, title, clauses: exact(clauses), span }
    ) as D;
  }

  private complianceClause(): A.ComplianceClause {
    switch (this.kind()) {
      case W.rule:
        return this.block<A.RuleDecl>("Rule", () => this.ruleClause());
      case W.platform:
        return this.platform();
      case W.assign:
        return this.assign();
      default:
        return this.sharedClause(false) as A.ComplianceClause;
    }
  }

  private ruleClause(): A.RuleClause {
    return this.sharedClause(true) as A.RuleClause;
  }

  /** description, enforcement, when, controls and on (compliance and rules), require, severity and remediation (rules). */
  private sharedClause(inRule: boolean): A.ComplianceClause | A.RuleClause {
    const first = this.p;
    const kind = this.kind();
    if (kind === W.description || (inRule && kind === W.remediation)) {
      this.p++;
      const text = this.string(this.expect(K.String));
      return { kind: kind === W.description ? "Description" : "Remediation", text, span: this.spanFrom(first) };
    }
    if (kind === W.enforcement || (inRule && kind === W.severity)) {
      this.p++;
      const level = this.ident(this.expectWord());
      return { kind: kind === W.enforcement ? "Enforcement" : "Severity", level, span: this.spanFrom(first) };
    }
    if (kind === W.when || (inRule && kind === W.require)) {
      this.p++;
      const condition = this.expr();
      return { kind: kind === W.when ? "When" : "Require", condition, span: this.spanFrom(first) };
    }
    if (kind === W.controls) return this.controls();
    if (kind === W.on) return this.onClause();
    throw GIVE_UP;
  }

  private platform(): A.PlatformClause {
    const first = this.p++;
    const platforms = this.commaList(() => this.ident(this.expectWord()));
    return { kind: "Platform", platforms, span: this.spanFrom(first) };
  }

  private controls(): A.ControlsClause {
    const first = this.p++;
    const controls = this.commaList((): A.ControlRef => {
      const start = this.p;
      const framework = this.ident(this.expectWord());
      const id = this.string(this.expect(K.String));
      return { kind: "ControlRef", framework, id, span: this.spanFrom(start) };
    });
    return { kind: "Controls", controls, span: this.spanFrom(first) };
  }

  /** `on unknown fail` or `on noncompliant { after ... }` (cst-clauses.ts onClauseOf). */
  private onClause(): A.OnUnknownClause | A.ScheduleClause {
    const first = this.p++;
    const event = this.expectWord();
    const diagnostics = this.convert.diagnostics.length;
    const steps: A.ScheduleStep[] = [];
    let outcome: number | undefined;
    if (this.kind() === K.LBrace) {
      this.p++;
      while (this.kind() === W.after) steps.push(this.scheduleStep());
      this.expect(K.RBrace);
    } else outcome = this.expectWord();
    const span = this.spanFrom(first);
    if (outcome === undefined && this.image(event) !== "unknown")
      return { kind: "Schedule", steps: exact(steps), span };
    // The conversion reads no steps of an `on unknown { ... }` block, so reports nothing about them.
    this.convert.diagnostics.length = diagnostics;
    return { kind: "OnUnknown", outcome: outcome === undefined ? missingIdent(span) : this.ident(outcome), span };
  }

  private scheduleStep(): A.ScheduleStep {
    const first = this.p++;
    const at = this.expect(K.Duration);
    const after = durationLit(this.convert, this.image(at), this.tokenSpan(at));
    const action = [this.ident(this.expect(K.Identifier))];
    while (this.kind() === K.Identifier) action.push(this.ident(this.p++));
    const args: A.StringLit[] = [];
    if (this.kind() === K.LBracket) {
      this.p++;
      if (this.kind() === K.String) {
        args.push(this.string(this.p++));
        while (this.kind() === K.Comma && this.kind(1) !== K.RBracket) {
          this.p++;
          args.push(this.string(this.expect(K.String)));
        }
        if (this.kind() === K.Comma) this.p++;
      }
      this.expect(K.RBracket);
    } else if (this.kind() === K.String) {
      for (const arg of this.commaList(() => this.string(this.expect(K.String)))) args.push(arg);
    }
    return { kind: "ScheduleStep", after, action: exact(action), args: exact(args), span: this.spanFrom(first) };
  }

  private mode(): "include" | "exclude" {
    const kind = this.kind();
    if (kind !== W.include && kind !== W.exclude) throw GIVE_UP;
    this.p++;
    return kind === W.exclude ? "exclude" : "include";
  }

  private assign(): A.AssignClause {
    const first = this.p++;
    const mode = this.mode();
    let target: A.AssignTarget;
    if (this.kind() === W.all) {
      this.p++;
      if (this.kind() !== W.users && this.kind() !== W.devices) throw GIVE_UP;
      target = { kind: "Everyone", everyone: this.ident(this.p++) };
    } else {
      const selector = this.ident(this.expect(K.Identifier));
      const id = this.string(this.expect(K.String));
      target =
        this.kind() === K.String
          ? { kind: "Group", selector, id, name: this.string(this.p++) }
          : { kind: "Group", selector, id };
    }
    if (this.kind() !== W.filter) return { kind: "Assign", mode, target, span: this.spanFrom(first) };
    this.p++;
    const filter = { mode: this.mode(), name: this.ident(this.expectWord()) };
    return { kind: "Assign", mode, target, filter, span: this.spanFrom(first) };
  }

  private filterClause(): A.FilterClause {
    const kind = this.kind();
    if (kind === W.platform) return this.platform();
    if (kind === W.description) return this.sharedClause(false) as A.DescriptionClause;
    if (kind !== W.rule) throw GIVE_UP;
    const first = this.p++;
    const rule = this.string(this.expect(K.String));
    return { kind: "FilterRule", rule, span: this.spanFrom(first) };
  }

  private accessClause(): A.AccessClause {
    const first = this.p;
    const kind = this.kind();
    if (kind === W.description || kind === W.controls) return this.sharedClause(false) as A.AccessClause;
    if (kind === W.state || kind === W.unsupported) {
      this.p++;
      if (kind === W.unsupported)
        return { kind: "Unsupported", text: this.string(this.expect(K.String)), span: this.spanFrom(first) };
      return { kind: "State", state: this.ident(this.expectWord()), span: this.spanFrom(first) };
    }
    if (CONDITION_KEYWORDS.has(kind)) {
      const condition = this.ident(this.p++);
      let include: A.SelectorItem[] = [];
      let exclude: A.SelectorItem[] = [];
      if (this.kind() === W.include) {
        this.p++;
        include = this.items();
      }
      if (this.kind() === W.exclude) {
        this.p++;
        exclude = this.items();
      }
      return { kind: "Condition", condition, include, exclude, span: this.spanFrom(first) };
    }
    if (kind === W.devices) {
      this.p++;
      const mode = this.mode();
      let filter: A.DeviceFilterClause["filter"];
      if (this.kind() === W.where) {
        this.p++;
        filter = { kind: "TenetFilter", condition: this.expr() };
      } else {
        this.expect(W.rule);
        filter = { kind: "EntraFilter", rule: this.string(this.expect(K.String)) };
      }
      return { kind: "DeviceFilter", mode, filter, span: this.spanFrom(first) };
    }
    if (kind === W.grant) return this.grant();
    if (kind === W.session) return this.session();
    throw GIVE_UP;
  }

  /** `group "a", "b", user "c"`: after a comma a string continues the item, a word starts the next. */
  private items(): A.SelectorItem[] {
    return this.commaList((): A.SelectorItem => {
      const first = this.p;
      const selector = this.ident(this.expectWord());
      const values: A.StringLit[] = [];
      if (this.kind() === K.String) {
        values.push(this.string(this.p++));
        while (this.kind() === K.Comma && this.kind(1) === K.String) {
          this.p++;
          values.push(this.string(this.p++));
        }
      }
      return { kind: "Selector", selector, values: exact(values), span: this.spanFrom(first) };
    });
  }

  private grant(): A.GrantClause {
    const first = this.p++;
    let operator: "any" | "all" = "all";
    const control = (): A.ControlItem => {
      const start = this.p;
      const name = this.ident(this.expectWord());
      const values = this.kind() === K.String ? [this.string(this.p++)] : [];
      return { kind: "ControlItem", name, values, span: this.spanFrom(start) };
    };
    let controls: A.ControlItem[];
    if (isWord(this.kind()) && this.kind(1) === K.LParen) {
      if (this.image(this.p) === "any") operator = "any";
      this.p += 2;
      controls = this.commaList(control);
      this.expect(K.RParen);
    } else controls = [control()];
    return { kind: "Grant", operator, controls, span: this.spanFrom(first) };
  }

  private session(): A.SessionClause {
    const first = this.p++;
    const settings = this.commaList((): A.SessionSetting => {
      const start = this.p;
      const name = this.ident(this.expectWord());
      const kind = this.kind();
      const literal = LITERAL_TYPE[kind];
      let value: A.SessionSetting["value"];
      if (literal !== undefined)
        value = literalLit(this.convert, literal, this.image(this.p), this.tokenSpan(this.p++));
      else if (kind === K.Identifier) value = this.ident(this.p++);
      const span = this.spanFrom(start);
      return value === undefined
        ? { kind: "SessionSetting", name, span }
        : { kind: "SessionSetting", name, value, span };
    });
    return { kind: "Session", settings, span: this.spanFrom(first) };
  }

  private waiverClause(): A.WaiverClause {
    const first = this.p;
    const kind = this.kind();
    this.p++;
    if (kind === W.rules) {
      const rules = this.commaList((): A.RuleRef => {
        const start = this.p;
        const policy = this.ident(this.expectWord());
        this.expect(K.Dot);
        if (this.kind() !== K.Star) {
          const rule = this.ident(this.expectWord());
          return { kind: "RuleRef", policy, rule, span: this.spanFrom(start) };
        }
        this.p++;
        return { kind: "RuleRef", policy, span: this.spanFrom(start) };
      });
      return { kind: "WaiverRules", rules, span: this.spanFrom(first) };
    }
    if (kind === W.properties) {
      const properties = this.commaList(() => this.ident(this.expectWord()));
      return { kind: "WaiverProperties", properties, span: this.spanFrom(first) };
    }
    if (kind === W.scope) return { kind: "WaiverScope", condition: this.expr(), span: this.spanFrom(first) };
    if (kind === W.devices) {
      const ids = this.commaList(() => this.string(this.expect(K.String)));
      return { kind: "WaiverDevices", ids, span: this.spanFrom(first) };
    }
    if (kind === W.reason || kind === W.approver || kind === W.ticket) {
      const field = kind === W.approver ? "approver" : kind === W.ticket ? "ticket" : "reason";
      return { kind: "WaiverText", field, text: this.string(this.expect(K.String)), span: this.spanFrom(first) };
    }
    if (kind === W.expires) {
      const at = this.p;
      if (this.kind() !== K.Date && this.kind() !== K.Timestamp) throw GIVE_UP;
      this.p++;
      const literal = literalLit(this.convert, LITERAL_TYPE[this.t.kind[at]!]!, this.image(at), this.tokenSpan(at));
      return { kind: "WaiverExpires", at: literal as A.DateLit | A.TimestampLit, span: this.spanFrom(first) };
    }
    throw GIVE_UP;
  }

  private propertyClause(): A.PropertyClause {
    const first = this.p;
    const kind = this.kind();
    this.p++;
    if (kind === W.assume) return { kind: "Assume", condition: this.expr(), span: this.spanFrom(first) };
    if (kind === W.expect) {
      const words = [this.ident(this.expect(K.Identifier))];
      while (this.kind() === K.Identifier) words.push(this.ident(this.p++));
      return { kind: "Expect", words: exact(words), span: this.spanFrom(first) };
    }
    if (kind === W.runs) {
      const at = this.expect(K.Number);
      const count = literalLit(this.convert, "Number", this.image(at), this.tokenSpan(at)) as A.NumberLit;
      return { kind: "Runs", count, span: this.spanFrom(first) };
    }
    throw GIVE_UP;
  }
}
