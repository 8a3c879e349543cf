import { CstParser, type CstNode, type TokenType } from "chevrotain";
import {
  allTokens,
  Assign,
  Comma,
  DateToken,
  Dot,
  Duration,
  EqEq,
  Gt,
  GtEq,
  Identifier,
  Kw,
  LBrace,
  LBracket,
  LParen,
  Lt,
  LtEq,
  Name,
  NotEq,
  NumberToken,
  RBrace,
  RBracket,
  RParen,
  Star,
  StringToken,
  Timestamp,
  Word,
} from "../lexer/tokens.js";
import { errorMessages } from "./error-messages.js";

/**
 * The Tenet grammar (see grammar/SYNTAX.md) as a chevrotain CST parser with error
 * recovery: a syntax error re-synchronises at the next clause, so one run reports every
 * error of a file and still yields a partial tree. The `cst-*.ts` readers turn the CST into the AST.
 */
export class TenetGrammar extends CstParser {
  /** `validate` checks the grammar itself (ambiguities, left recursion): a test does, every start need not. */
  constructor(validate = false) {
    super(allTokens, {
      recoveryEnabled: true,
      maxLookahead: 3,
      skipValidations: !validate,
      nodeLocationTracking: "full",
      errorMessageProvider: errorMessages,
    });
    this.performSelfAnalysis();
  }

  file = this.RULE("file", () => this.MANY(() => this.SUBRULE(this.declaration)));

  declaration = this.RULE("declaration", () =>
    this.OR([
      { ALT: () => this.SUBRULE(this.importDecl) },
      { ALT: () => this.SUBRULE(this.letDecl) },
      { ALT: () => this.SUBRULE(this.compliance) },
      { ALT: () => this.SUBRULE(this.access) },
      { ALT: () => this.SUBRULE(this.waiver) },
      { ALT: () => this.SUBRULE(this.property) },
      { ALT: () => this.SUBRULE(this.filterDecl) },
    ]),
  );

  importDecl = this.RULE("importDecl", () => {
    this.CONSUME(Kw.import);
    this.CONSUME(StringToken, { LABEL: "path" });
  });

  letDecl = this.RULE("letDecl", () => {
    this.CONSUME(Kw.let);
    this.CONSUME(Word, { LABEL: "name" });
    this.CONSUME(Assign);
    this.SUBRULE(this.expr, { LABEL: "value" });
  });

  /** `KEYWORD name ["title"] { clause* }`, shared by every block declaration. */
  private block(keyword: TokenType, clause: () => CstNode) {
    this.CONSUME(keyword);
    this.CONSUME(Word, { LABEL: "name" });
    this.OPTION(() => this.CONSUME(StringToken, { LABEL: "title" }));
    this.CONSUME(LBrace);
    this.MANY(() => clause());
    this.CONSUME(RBrace);
  }

  compliance = this.RULE("compliance", () => this.block(Kw.compliance, () => this.SUBRULE(this.complianceClause)));
  complianceClause = this.RULE("complianceClause", () =>
    this.OR([
      { ALT: () => this.SUBRULE(this.description) },
      { ALT: () => this.SUBRULE(this.platform) },
      { ALT: () => this.SUBRULE(this.enforcement) },
      { ALT: () => this.SUBRULE(this.onClause) },
      { ALT: () => this.SUBRULE(this.when) },
      { ALT: () => this.SUBRULE(this.controls) },
      { ALT: () => this.SUBRULE(this.rule) },
      { ALT: () => this.SUBRULE(this.assign) },
    ]),
  );

  /** `assign include group "id" "name" filter exclude kiosks`, `assign include all users`, `assign exclude group "id"`. */
  assign = this.RULE("assign", () => {
    this.CONSUME(Kw.assign);
    this.OR([
      { ALT: () => this.CONSUME(Kw.include, { LABEL: "mode" }) },
      { ALT: () => this.CONSUME(Kw.exclude, { LABEL: "mode" }) },
    ]);
    this.OR1([
      {
        ALT: () => {
          this.CONSUME(Kw.all);
          this.OR2([
            { ALT: () => this.CONSUME(Kw.users, { LABEL: "everyone" }) },
            { ALT: () => this.CONSUME(Kw.devices, { LABEL: "everyone" }) },
          ]);
        },
      },
      {
        ALT: () => {
          this.CONSUME(Identifier, { LABEL: "selector" });
          this.CONSUME(StringToken, { LABEL: "id" });
          this.OPTION(() => this.CONSUME1(StringToken, { LABEL: "groupName" }));
        },
      },
    ]);
    this.OPTION1(() => {
      this.CONSUME(Kw.filter);
      this.OR3([
        { ALT: () => this.CONSUME1(Kw.include, { LABEL: "filterMode" }) },
        { ALT: () => this.CONSUME1(Kw.exclude, { LABEL: "filterMode" }) },
      ]);
      this.CONSUME(Word, { LABEL: "filterName" });
    });
  });

  /** `filter corporate "Corporate devices" { platform windows  rule "(device.deviceOwnership -eq \"Corporate\")" }` */
  filterDecl = this.RULE("filterDecl", () => this.block(Kw.filter, () => this.SUBRULE(this.filterClause)));
  filterClause = this.RULE("filterClause", () =>
    this.OR([
      { ALT: () => this.SUBRULE(this.description) },
      { ALT: () => this.SUBRULE(this.platform) },
      { ALT: () => this.SUBRULE(this.filterRule) },
    ]),
  );
  filterRule = this.RULE("filterRule", () => {
    this.CONSUME(Kw.rule);
    this.CONSUME(StringToken, { LABEL: "rule" });
  });

  rule = this.RULE("rule", () => this.block(Kw.rule, () => this.SUBRULE(this.ruleClause)));
  ruleClause = this.RULE("ruleClause", () =>
    this.OR([
      { ALT: () => this.SUBRULE(this.require) },
      { ALT: () => this.SUBRULE(this.severity) },
      { ALT: () => this.SUBRULE(this.remediation) },
      { ALT: () => this.SUBRULE(this.controls) },
      { ALT: () => this.SUBRULE(this.enforcement) },
      { ALT: () => this.SUBRULE(this.when) },
      { ALT: () => this.SUBRULE(this.onClause) },
      { ALT: () => this.SUBRULE(this.description) },
    ]),
  );

  description = this.RULE("description", () => this.keywordString(Kw.description));
  remediation = this.RULE("remediation", () => this.keywordString(Kw.remediation));
  enforcement = this.RULE("enforcement", () => this.keywordWord(Kw.enforcement));
  severity = this.RULE("severity", () => this.keywordWord(Kw.severity));
  state = this.RULE("state", () => this.keywordWord(Kw.state));
  require = this.RULE("require", () => this.keywordExpr(Kw.require));
  when = this.RULE("when", () => this.keywordExpr(Kw.when));
  scope = this.RULE("scope", () => this.keywordExpr(Kw.scope));
  assume = this.RULE("assume", () => this.keywordExpr(Kw.assume));

  private keywordString(keyword: TokenType) {
    this.CONSUME(keyword);
    this.CONSUME(StringToken, { LABEL: "text" });
  }
  private keywordWord(keyword: TokenType) {
    this.CONSUME(keyword);
    this.CONSUME(Word, { LABEL: "value" });
  }
  private keywordExpr(keyword: TokenType) {
    this.CONSUME(keyword);
    this.SUBRULE(this.expr, { LABEL: "condition" });
  }

  platform = this.RULE("platform", () => {
    this.CONSUME(Kw.platform);
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.CONSUME(Word, { LABEL: "value" }) });
  });

  /** `on unknown fail` or `on noncompliant { after ... }`. */
  onClause = this.RULE("onClause", () => {
    this.CONSUME(Kw.on);
    this.CONSUME(Word, { LABEL: "event" });
    this.OR([
      {
        ALT: () => {
          this.CONSUME(LBrace);
          this.MANY(() => this.SUBRULE(this.scheduleStep));
          this.CONSUME(RBrace);
        },
      },
      { ALT: () => this.CONSUME1(Word, { LABEL: "outcome" }) },
    ]);
  });

  scheduleStep = this.RULE("scheduleStep", () => {
    this.CONSUME(Kw.after);
    this.CONSUME(Duration, { LABEL: "after" });
    this.AT_LEAST_ONE(() => this.CONSUME(Identifier, { LABEL: "action" }));
    this.OPTION(() => this.SUBRULE(this.stringArgs));
  });

  /** `"a", "b"` or `["a", "b"]`. */
  stringArgs = this.RULE("stringArgs", () =>
    this.OR([
      {
        ALT: () => {
          this.CONSUME(LBracket);
          this.OPTION(() => {
            this.CONSUME(StringToken, { LABEL: "value" });
            this.MANY({
              GATE: () => this.LA(2).tokenType !== RBracket,
              DEF: () => {
                this.CONSUME(Comma);
                this.CONSUME2(StringToken, { LABEL: "value" });
              },
            });
            this.OPTION1(() => this.CONSUME1(Comma, { LABEL: "trailing" }));
          });
          this.CONSUME(RBracket);
        },
      },
      { ALT: () => this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.CONSUME1(StringToken, { LABEL: "value" }) }) },
    ]),
  );

  controls = this.RULE("controls", () => {
    this.CONSUME(Kw.controls);
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.SUBRULE(this.controlRef) });
  });
  controlRef = this.RULE("controlRef", () => {
    this.CONSUME(Word, { LABEL: "framework" });
    this.CONSUME(StringToken, { LABEL: "id" });
  });

  access = this.RULE("access", () => this.block(Kw.access, () => this.SUBRULE(this.accessClause)));
  accessClause = this.RULE("accessClause", () =>
    this.OR([
      { ALT: () => this.SUBRULE(this.description) },
      { ALT: () => this.SUBRULE(this.state) },
      { ALT: () => this.SUBRULE(this.condition) },
      { ALT: () => this.SUBRULE(this.deviceFilter) },
      { ALT: () => this.SUBRULE(this.grant) },
      { ALT: () => this.SUBRULE(this.session) },
      { ALT: () => this.SUBRULE(this.controls) },
      { ALT: () => this.SUBRULE(this.unsupported) },
    ]),
  );

  /** `unsupported "why"`: a part of the source policy Tenet cannot represent (the policy is then not evaluable where it applies). */
  unsupported = this.RULE("unsupported", () => this.keywordString(Kw.unsupported));

  condition = this.RULE("condition", () => {
    this.OR([
      { ALT: () => this.CONSUME(Kw.users, { LABEL: "keyword" }) },
      { ALT: () => this.CONSUME(Kw.apps, { LABEL: "keyword" }) },
      { ALT: () => this.CONSUME(Kw.clients, { LABEL: "keyword" }) },
      { ALT: () => this.CONSUME(Kw.platforms, { LABEL: "keyword" }) },
      { ALT: () => this.CONSUME(Kw.locations, { LABEL: "keyword" }) },
      { ALT: () => this.CONSUME(Kw.signInRisk, { LABEL: "keyword" }) },
      { ALT: () => this.CONSUME(Kw.userRisk, { LABEL: "keyword" }) },
      { ALT: () => this.CONSUME(Kw.authenticationFlows, { LABEL: "keyword" }) },
      { ALT: () => this.CONSUME(Kw.deviceStates, { LABEL: "keyword" }) },
    ]);
    this.OPTION(() => {
      this.CONSUME(Kw.include);
      this.SUBRULE(this.items, { LABEL: "include" });
    });
    this.OPTION1(() => {
      this.CONSUME(Kw.exclude);
      this.SUBRULE1(this.items, { LABEL: "exclude" });
    });
  });

  items = this.RULE("items", () => this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.SUBRULE(this.item) }));
  /** `group "a", "b"`: after a comma, a string continues the item and a word starts the next one. */
  item = this.RULE("item", () => {
    this.CONSUME(Word, { LABEL: "selector" });
    this.OPTION(() => {
      this.CONSUME(StringToken, { LABEL: "value" });
      this.MANY({
        GATE: () => this.LA(2).tokenType === StringToken,
        DEF: () => {
          this.CONSUME(Comma);
          this.CONSUME1(StringToken, { LABEL: "value" });
        },
      });
    });
  });

  deviceFilter = this.RULE("deviceFilter", () => {
    this.CONSUME(Kw.devices);
    this.OR([
      { ALT: () => this.CONSUME(Kw.include, { LABEL: "mode" }) },
      { ALT: () => this.CONSUME(Kw.exclude, { LABEL: "mode" }) },
    ]);
    this.OR1([
      {
        ALT: () => {
          this.CONSUME(Kw.where);
          this.SUBRULE(this.expr, { LABEL: "condition" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.rule);
          this.CONSUME(StringToken, { LABEL: "rule" });
        },
      },
    ]);
  });

  /** `grant block`, `grant mfa`, `grant all(mfa, termsOfUse "id")`. */
  grant = this.RULE("grant", () => {
    this.CONSUME(Kw.grant);
    this.OR([
      {
        GATE: () => this.LA(2).tokenType === LParen,
        ALT: () => {
          this.CONSUME(Word, { LABEL: "operator" });
          this.CONSUME(LParen);
          this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.SUBRULE(this.grantControl) });
          this.CONSUME(RParen);
        },
      },
      { ALT: () => this.SUBRULE1(this.grantControl) },
    ]);
  });
  grantControl = this.RULE("grantControl", () => {
    this.CONSUME(Word, { LABEL: "name" });
    this.OPTION(() => this.CONSUME(StringToken, { LABEL: "value" }));
  });

  session = this.RULE("session", () => {
    this.CONSUME(Kw.session);
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.SUBRULE(this.sessionSetting) });
  });
  sessionSetting = this.RULE("sessionSetting", () => {
    this.CONSUME(Word, { LABEL: "name" });
    this.OPTION(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.literal, { LABEL: "value" }) },
        { ALT: () => this.CONSUME(Identifier, { LABEL: "word" }) },
      ]),
    );
  });

  waiver = this.RULE("waiver", () => this.block(Kw.waiver, () => this.SUBRULE(this.waiverClause)));
  waiverClause = this.RULE("waiverClause", () =>
    this.OR([
      { ALT: () => this.SUBRULE(this.waiverRules) },
      { ALT: () => this.SUBRULE(this.waiverProperties) },
      { ALT: () => this.SUBRULE(this.scope) },
      { ALT: () => this.SUBRULE(this.waiverDevices) },
      { ALT: () => this.SUBRULE(this.waiverText) },
      { ALT: () => this.SUBRULE(this.expires) },
    ]),
  );
  waiverRules = this.RULE("waiverRules", () => {
    this.CONSUME(Kw.rules);
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.SUBRULE(this.ruleRef) });
  });
  waiverProperties = this.RULE("waiverProperties", () => {
    this.CONSUME(Kw.properties);
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.CONSUME(Word, { LABEL: "property" }) });
  });
  ruleRef = this.RULE("ruleRef", () => {
    this.CONSUME(Word, { LABEL: "policy" });
    this.CONSUME(Dot);
    this.OR([{ ALT: () => this.CONSUME1(Word, { LABEL: "rule" }) }, { ALT: () => this.CONSUME(Star) }]);
  });
  waiverDevices = this.RULE("waiverDevices", () => {
    this.CONSUME(Kw.devices);
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.CONSUME(StringToken, { LABEL: "id" }) });
  });
  waiverText = this.RULE("waiverText", () => {
    this.OR([
      { ALT: () => this.CONSUME(Kw.reason, { LABEL: "field" }) },
      { ALT: () => this.CONSUME(Kw.approver, { LABEL: "field" }) },
      { ALT: () => this.CONSUME(Kw.ticket, { LABEL: "field" }) },
    ]);
    this.CONSUME(StringToken, { LABEL: "text" });
  });
  expires = this.RULE("expires", () => {
    this.CONSUME(Kw.expires);
    this.OR([
      { ALT: () => this.CONSUME(DateToken, { LABEL: "at" }) },
      { ALT: () => this.CONSUME(Timestamp, { LABEL: "at" }) },
    ]);
  });

  property = this.RULE("property", () => this.block(Kw.property, () => this.SUBRULE(this.propertyClause)));
  propertyClause = this.RULE("propertyClause", () =>
    this.OR([
      { ALT: () => this.SUBRULE(this.assume) },
      { ALT: () => this.SUBRULE(this.expect) },
      { ALT: () => this.SUBRULE(this.runs) },
    ]),
  );
  expect = this.RULE("expect", () => {
    this.CONSUME(Kw.expect);
    this.AT_LEAST_ONE(() => this.CONSUME(Identifier, { LABEL: "word" }));
  });
  runs = this.RULE("runs", () => {
    this.CONSUME(Kw.runs);
    this.CONSUME(NumberToken, { LABEL: "count" });
  });

  // ------------------------------------------------------------ expressions

  expr = this.RULE("expr", () => {
    this.SUBRULE(this.andExpr, { LABEL: "operand" });
    this.MANY(() => {
      this.CONSUME(Kw.or);
      this.SUBRULE1(this.andExpr, { LABEL: "operand" });
    });
  });
  andExpr = this.RULE("andExpr", () => {
    this.SUBRULE(this.unary, { LABEL: "operand" });
    this.MANY(() => {
      this.CONSUME(Kw.and);
      this.SUBRULE1(this.unary, { LABEL: "operand" });
    });
  });
  unary = this.RULE("unary", () =>
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Kw.not);
          this.SUBRULE(this.unary, { LABEL: "negated" });
        },
      },
      { ALT: () => this.SUBRULE(this.quantifier) },
      { ALT: () => this.SUBRULE(this.predicate) },
    ]),
  );
  quantifier = this.RULE("quantifier", () => {
    this.OR([
      { ALT: () => this.CONSUME(Kw.any, { LABEL: "kind" }) },
      { ALT: () => this.CONSUME(Kw.all, { LABEL: "kind" }) },
    ]);
    this.CONSUME(Name, { LABEL: "variable" });
    this.CONSUME(Kw.in);
    this.SUBRULE(this.operand, { LABEL: "collection" });
    this.CONSUME(Kw.where);
    this.SUBRULE(this.expr, { LABEL: "body" });
  });
  predicate = this.RULE("predicate", () => {
    this.SUBRULE(this.operand, { LABEL: "subject" });
    this.OPTION(() =>
      this.OR([
        {
          ALT: () => {
            this.OR1(
              [EqEq, NotEq, LtEq, GtEq, Lt, Gt].map((t) => ({ ALT: () => this.CONSUME(t, { LABEL: "operator" }) })),
            );
            this.SUBRULE1(this.operand, { LABEL: "object" });
          },
        },
        {
          ALT: () => {
            this.OPTION1(() => this.CONSUME(Kw.not, { LABEL: "negated" }));
            this.CONSUME(Kw.in, { LABEL: "operator" });
            this.SUBRULE2(this.operand, { LABEL: "object" });
          },
        },
        {
          ALT: () => {
            this.OR2(
              [Kw.startsWith, Kw.endsWith, Kw.contains, Kw.matches].map((t) => ({
                ALT: () => this.CONSUME1(t!, { LABEL: "operator" }),
              })),
            );
            this.SUBRULE3(this.operand, { LABEL: "object" });
          },
        },
        {
          ALT: () => {
            this.CONSUME(Kw.within, { LABEL: "operator" });
            this.CONSUME(Duration, { LABEL: "duration" });
          },
        },
        {
          ALT: () => {
            this.CONSUME(Kw.older, { LABEL: "operator" });
            this.CONSUME(Kw.than);
            this.CONSUME1(Duration, { LABEL: "duration" });
          },
        },
        {
          ALT: () => {
            this.CONSUME(Kw.is, { LABEL: "operator" });
            this.OR3([
              { ALT: () => this.CONSUME(Kw.present, { LABEL: "presence" }) },
              { ALT: () => this.CONSUME(Kw.missing, { LABEL: "presence" }) },
            ]);
          },
        },
      ]),
    );
  });
  operand = this.RULE("operand", () =>
    this.OR([
      { ALT: () => this.SUBRULE(this.literal) },
      { ALT: () => this.SUBRULE(this.list) },
      { ALT: () => this.SUBRULE(this.path) },
      {
        ALT: () => {
          this.CONSUME(LParen);
          this.SUBRULE(this.expr, { LABEL: "inner" });
          this.CONSUME(RParen);
        },
      },
    ]),
  );
  list = this.RULE("list", () => {
    this.CONSUME(LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.expr, { LABEL: "element" });
      this.MANY({
        GATE: () => this.LA(2).tokenType !== RBracket,
        DEF: () => {
          this.CONSUME(Comma);
          this.SUBRULE1(this.expr, { LABEL: "element" });
        },
      });
      this.OPTION1(() => this.CONSUME1(Comma, { LABEL: "trailing" }));
    });
    this.CONSUME(RBracket);
  });
  path = this.RULE("path", () => {
    this.CONSUME(Name, { LABEL: "segment" });
    this.MANY(() => {
      this.CONSUME(Dot);
      this.CONSUME(Word, { LABEL: "segment" });
    });
  });
  literal = this.RULE("literal", () =>
    this.OR(
      [StringToken, NumberToken, Duration, DateToken, Timestamp, Kw.true, Kw.false].map((t) => ({
        ALT: () => this.CONSUME(t!, { LABEL: "token" }),
      })),
    ),
  );
}

let shared: TenetGrammar | undefined;

/** One shared parser instance, built on first use: chevrotain parsers are reusable and costly to build. */
export function grammar(): TenetGrammar {
  return (shared ??= new TenetGrammar());
}
