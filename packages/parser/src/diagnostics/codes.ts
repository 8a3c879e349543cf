import type { DiagnosticCode, Severity } from "./diagnostic.js";

/**
 * The one catalog of diagnostic codes. Bands: CP1xxx syntax, CP2xxx names and types,
 * CP3xxx compile, CP4xxx evaluation and facts, CP5xxx CLI, config and I/O.
 * A code is never reused: retire it (`retired: true`) instead of deleting it.
 * Message templates use `{name}` placeholders filled from the arguments.
 */
export interface CatalogEntry {
  severity: Severity;
  /** Short name for docs and SARIF rule ids. */
  title: string;
  message: string;
  help?: string;
  retired?: boolean;
}

export const CATALOG = {
  // CP1xxx: lexing and syntax
  CP1001: { severity: "error", title: "unexpected-character", message: "unexpected character `{char}`" },
  CP1002: {
    severity: "error",
    title: "unterminated-string",
    message: "unterminated string literal",
    help: 'close the string with `"` before the end of the line',
  },
  CP1003: {
    severity: "error",
    title: "invalid-escape",
    message: "invalid escape sequence `{escape}` in string",
    help: 'valid escapes are `\\\\`, `\\"`, `\\n`, `\\t`, `\\{` and `\\u{...}`',
  },
  CP1004: { severity: "error", title: "invalid-literal", message: "invalid {kind} literal `{text}`", help: "{help}" },
  CP1010: { severity: "error", title: "unexpected-token", message: "unexpected {found}, expected {expected}" },
  CP1011: { severity: "error", title: "unexpected-end", message: "unexpected end of file, expected {expected}" },
  CP1012: {
    severity: "error",
    title: "unclosed-block",
    message: "`{open}` is never closed",
    help: "add the matching `{close}`",
  },
  CP1013: {
    severity: "warning",
    title: "empty-file",
    message: "file contains no declarations",
    help: "add a `compliance`, `access`, `waiver` or `let` declaration",
  },
  CP1014: {
    severity: "error",
    title: "nesting-too-deep",
    message: "expression is nested more than {limit} levels deep",
    help: "split it into `let` definitions",
  },
  CP1015: {
    severity: "error",
    title: "binary-file",
    message: "file is not UTF-8 text",
    help: "policy files must be UTF-8 text",
  },
  CP1016: { severity: "error", title: "too-many-errors", message: "too many syntax errors, stopped after {count}" },
  CP1017: { severity: "error", title: "unknown-clause", message: "unknown clause `{name}` in {block}", help: "{help}" },
  CP1018: {
    severity: "error",
    title: "policy-file-too-large",
    message: "policy file is {size} characters, more than the limit of {limit}",
    help: "split it into several files (a policy set is a directory); nothing in it was read",
  },
  CP1019: {
    severity: "error",
    title: "more-diagnostics",
    message: "{count} more problems in this file are not listed",
    help: "fix the ones above first: later problems are often caused by them",
  },

  // CP2xxx: names and types
  CP2001: { severity: "error", title: "unknown-fact", message: "unknown fact `{path}`", help: "{help}" },
  CP2002: { severity: "error", title: "unknown-name", message: "unknown name `{name}`", help: "{help}" },
  CP2003: { severity: "error", title: "type-mismatch", message: "cannot compare {left} with {right}", help: "{help}" },
  CP2004: {
    severity: "error",
    title: "invalid-version",
    message: "`{text}` is not a valid version",
    help: 'write a version as dot-separated numbers, e.g. `"10.0.19045"`',
  },
  CP2005: {
    severity: "error",
    title: "invalid-date",
    message: "`{text}` is not a valid {kind}",
    help: "write dates as `2027-03-31` and timestamps as `2027-03-31T00:00:00Z`",
  },
  CP2006: {
    severity: "error",
    title: "operator-type",
    message: "`{operator}` does not apply to {type}",
    help: "{help}",
  },
  CP2007: { severity: "error", title: "not-boolean", message: "{what} must be a boolean condition, found {type}" },
  CP2008: {
    severity: "error",
    title: "unknown-enum-value",
    message: "`{value}` is not a value of `{path}`",
    help: "{help}",
  },
  CP2009: { severity: "error", title: "unknown-platform", message: "unknown platform `{name}`", help: "{help}" },
  CP2010: { severity: "error", title: "unknown-framework", message: "unknown framework `{name}`", help: "{help}" },
  CP2011: { severity: "error", title: "duplicate-policy", message: "policy `{name}` is declared more than once" },
  CP2012: {
    severity: "error",
    title: "duplicate-rule",
    message: "rule `{name}` is declared more than once in `{policy}`",
  },
  CP2013: { severity: "error", title: "undefined-let", message: "`{name}` is not defined", help: "{help}" },
  CP2014: { severity: "error", title: "duplicate-let", message: "`{name}` is defined more than once" },
  CP2015: { severity: "error", title: "import-cycle", message: "import cycle: {cycle}" },
  CP2016: { severity: "error", title: "import-not-found", message: "cannot import `{path}`: file not found" },
  CP2017: {
    severity: "error",
    title: "invalid-pattern",
    message: "invalid pattern `{pattern}`: {reason}",
    help: "`matches` takes an RE2 pattern (no backreferences or lookaround)",
  },
  CP2018: {
    severity: "error",
    title: "unknown-waived-rule",
    message: "waiver refers to unknown rule `{name}`",
    help: "{help}",
  },
  CP2019: {
    severity: "warning",
    title: "expired-waiver",
    message: "waiver `{name}` expired on {expires} and no longer applies",
    help: "remove it or renew it with a new approval",
  },
  CP2020: {
    severity: "error",
    title: "waiver-on-hard-rule",
    message: "waiver `{name}` waives `{rule}`, whose enforcement is hard",
    help: "hard rules cannot be waived; make the rule `soft` or remove the waiver",
  },
  CP2021: { severity: "error", title: "missing-clause", message: "{block} `{name}` has no `{clause}` clause" },
  CP2022: { severity: "error", title: "duplicate-clause", message: "`{clause}` is given more than once in {block}" },
  CP2023: { severity: "error", title: "invalid-value", message: "`{value}` is not a valid {what}", help: "{help}" },
  CP2024: { severity: "error", title: "invalid-schedule", message: "{problem}", help: "{help}" },
  CP2025: {
    severity: "warning",
    title: "action-unsupported",
    message: "action `{action}` is not supported on platform `{platform}`",
  },
  CP2026: {
    severity: "error",
    title: "unknown-interpolation",
    message: "unknown fact `{path}` in remediation text",
    help: "{help}",
  },
  CP2027: { severity: "error", title: "not-a-list", message: "`{what}` expects a list, found {type}" },
  CP2028: { severity: "error", title: "let-cycle", message: "`{name}` is defined in terms of itself: {cycle}" },
  CP2029: { severity: "error", title: "invalid-schema", message: "facts schema `{file}` is invalid: {reason}" },
  CP2030: {
    severity: "error",
    title: "unordered-comparison",
    message: "`{operator}` needs an ordered type, found {type}",
    help: "{help}",
  },
  CP2031: { severity: "warning", title: "unused-let", message: "`{name}` is defined but never used" },
  CP2032: { severity: "warning", title: "constant-condition", message: "condition is always {value}" },
  CP2033: { severity: "warning", title: "missing-metadata", message: "rule `{rule}` has no {what}", help: "{help}" },
  // CP204x: access policies
  CP2040: {
    severity: "error",
    title: "invalid-condition-item",
    message: "`{item}` cannot be used in `{condition}`",
    help: "{help}",
  },
  CP2041: { severity: "error", title: "unknown-control", message: "unknown grant control `{name}`", help: "{help}" },
  CP2042: {
    severity: "error",
    title: "password-change-scope",
    message:
      "`passwordChange` requires `apps include all` and a `userRisk` condition, and must be combined with `all(...)`",
    help: "Entra rejects password change outside a user-risk policy for all resources",
  },
  CP2043: {
    severity: "error",
    title: "device-state-and-filter",
    message: "device state and a device filter cannot be used together",
    help: "express the device state in the filter instead",
  },
  CP2044: {
    severity: "error",
    title: "empty-access-policy",
    message: "access policy `{name}` has {problem}",
    help: "{help}",
  },
  CP2045: {
    severity: "error",
    title: "invalid-filter-rule",
    message: "invalid device filter rule: {reason}",
    help: "{help}",
  },
  CP2046: {
    severity: "error",
    title: "unsupported-filter-operator",
    message: "operator `{operator}` is not supported in device filters",
    help: "device filters support -eq, -ne, -startsWith, -notStartsWith, -endsWith, -notEndsWith, -contains, -notContains, -in, -notIn",
  },
  CP2047: {
    severity: "error",
    title: "unknown-filter-property",
    message: "unknown device filter property `{name}`",
    help: "{help}",
  },
  CP2048: {
    severity: "error",
    title: "block-with-controls",
    message: "`block` cannot be combined with other grant controls",
  },
  CP2049: {
    severity: "error",
    title: "unknown-session-control",
    message: "unknown session control `{name}`",
    help: "{help}",
  },
  CP2050: {
    severity: "error",
    title: "filter-operator-for-property",
    message: "operator `{operator}` cannot be used with `device.{property}` in device filters",
    help: "{help}",
  },
  // CP207x: assignments and assignment filters
  CP2070: {
    severity: "error",
    title: "invalid-assignment-filter-rule",
    message: "invalid assignment filter rule: {reason}",
    help: "{help}",
  },
  CP2071: {
    severity: "error",
    title: "unsupported-assignment-filter-operator",
    message: "operator `{operator}` is not supported in assignment filters",
    help:
      "assignment filters support -eq, -ne, -startsWith, -contains, -notContains, -in, -notIn, " +
      "and -gt, -ge, -lt, -le on `device.operatingSystemVersion`",
  },
  CP2072: {
    severity: "error",
    title: "unknown-assignment-filter-property",
    message: "unknown assignment filter property `{name}`",
    help: "{help}",
  },
  CP2073: {
    severity: "error",
    title: "assignment-filter-operator-for-property",
    message: "operator `{operator}` cannot be used with `device.{property}` in assignment filters",
    help: "{help}",
  },
  CP2074: {
    severity: "error",
    title: "assignment-filter-property-platform",
    message: "`device.{property}` is not available in assignment filters for platform `{platform}`",
    help: "{help}",
  },
  CP2075: {
    severity: "error",
    title: "unknown-assignment-filter",
    message: "unknown assignment filter `{name}`",
    help: "{help}",
  },
  CP2076: {
    severity: "error",
    title: "assignment-filter-platform",
    message:
      "assignment filter `{filter}` is for platform `{filterPlatform}`, but policy `{policy}` is for {policyPlatforms}",
    help: "Intune offers only the filters of the policy's platform; declare a filter for that platform",
  },
  CP2077: { severity: "error", title: "invalid-assignment", message: "{problem}", help: "{help}" },
  CP2078: {
    severity: "error",
    title: "duplicate-assignment-filter",
    message: "assignment filter `{name}` is declared more than once",
  },
  CP2079: {
    severity: "error",
    title: "mixed-exception",
    message: "waiver `{name}` {problem}",
    help:
      "a waiver whose `scope` reads `signIn` is a sign-in exception: it excuses the sign-ins in its " +
      "scope from every `requires` and `always blocked` property (or from those its `properties` clause " +
      "names), names no rules or devices, and reads no `device` facts (use `signIn.device`)",
  },
  CP2080: {
    severity: "error",
    title: "unknown-excused-property",
    message: "waiver `{name}` names unknown property `{property}`",
    help: "{help}",
  },
  CP2081: {
    severity: "error",
    title: "unexcusable-property",
    message: "waiver `{name}` cannot excuse property `{property}`: {reason}",
    help:
      "a sign-in exception excuses only sign-in properties that `expect requires CONTROL` or " +
      "`expect always blocked`; `never blocked` is about keeping access, which no exception waives",
  },
  // CP206x: policy tests and properties
  CP2060: { severity: "error", title: "unknown-policy-reference", message: "unknown policy `{name}`", help: "{help}" },
  CP2061: { severity: "error", title: "invalid-test", message: "invalid test `{name}`: {reason}" },

  // CP3xxx: compile
  CP3001: { severity: "error", title: "compile-failed", message: "policy `{name}` cannot be compiled: {reason}" },

  // CP4xxx: evaluation and facts
  CP4001: { severity: "error", title: "missing-fact", message: "fact `{path}` is missing" },
  CP4002: { severity: "error", title: "malformed-fact", message: "fact `{path}` is malformed: {reason}" },
  CP4003: {
    severity: "error",
    title: "schema-violation",
    message: "snapshot does not match the facts schema at `{path}`: {reason}",
  },
  // CP41xx: access analysis findings (`tenet analyze access`); the message is the finding, the help its smallest fix.
  CP4101: { severity: "error", title: "access-gap", message: "{message}", help: "{fix}" },
  CP4102: { severity: "error", title: "report-only-coverage", message: "{message}", help: "{fix}" },
  CP4103: { severity: "warning", title: "policy-never-applies", message: "{message}", help: "{fix}" },
  CP4104: { severity: "warning", title: "block-shadows-grant", message: "{message}", help: "{fix}" },
  CP4105: { severity: "info", title: "policy-subsumed", message: "{message}", help: "{fix}" },
  CP4106: { severity: "info", title: "uncovered-exclusion", message: "{message}", help: "{fix}" },
  CP4107: { severity: "warning", title: "unknown-reference", message: "{message}", help: "{fix}" },
  CP4108: { severity: "warning", title: "analysis-not-decided", message: "{message}" },
  CP4109: { severity: "warning", title: "exception-expired", message: "{message}", help: "{fix}" },
  CP4004: { severity: "error", title: "not-an-object", message: "snapshot must be a JSON object, found {type}" },
  CP4005: { severity: "error", title: "missing-signin-field", message: "sign-in is missing required field `{field}`" },
  CP4006: {
    severity: "error",
    title: "invalid-previous-state",
    message: "previous state is invalid at `{path}`: {reason}",
  },

  // CP5xxx: CLI, config and input/output
  CP5001: { severity: "error", title: "file-not-found", message: "no such file or directory: `{path}`" },
  CP5002: { severity: "error", title: "unreadable-file", message: "cannot read `{path}`: {reason}" },
  CP5003: { severity: "error", title: "empty-input", message: "`{path}` is empty" },
  CP5004: { severity: "error", title: "invalid-json", message: "invalid {format}: {reason}" },
  CP5005: { severity: "error", title: "unknown-format", message: "unknown format `{format}`", help: "{help}" },
  CP5006: { severity: "error", title: "conflicting-flags", message: "{flags} cannot be used together" },
  CP5007: {
    severity: "error",
    title: "invalid-now",
    message: "`{value}` is not a valid instant for `{option}`",
    help: "use ISO-8601 UTC, e.g. `2026-11-25T12:00:00Z`",
  },
  CP5008: { severity: "error", title: "invalid-config", message: "invalid configuration in `{path}`: {reason}" },
  CP5009: { severity: "error", title: "binary-input", message: "`{path}` is not text" },
  CP5010: { severity: "error", title: "line-too-long", message: "record is longer than {limit} bytes" },
  CP5012: { severity: "error", title: "unsupported-intune-type", message: "`{type}` is not supported", help: "{help}" },
  CP5013: {
    severity: "warning",
    title: "setting-not-imported",
    message: "setting `{property}` of `{policy}` cannot be expressed in Tenet yet and was not imported",
  },
  CP5014: {
    severity: "warning",
    title: "not-exportable",
    message: "{what} of `{policy}` cannot be expressed in Intune and was not exported",
  },
  CP5015: {
    severity: "error",
    title: "invalid-option",
    message: "invalid value `{value}` for `{option}`",
    help: "{help}",
  },
  CP5016: {
    severity: "error",
    title: "no-policies",
    message: "no policy files found in {where}",
    help: "pass policy files or directories with `-p`",
  },
  CP5017: {
    severity: "error",
    title: "no-input",
    message: "no snapshots given",
    help: "pass snapshot files, a directory, a glob, or `-` for standard input",
  },
  // CP503x: Intune interop (import and export keep a policy's meaning or say why not)
  CP5030: {
    severity: "error",
    title: "settings-cannot-combine",
    message:
      "rules `{first}` and `{second}` of `{policy}` both set Intune setting `{property}` and no single value means both ({values})",
    help: "write the setting once, or make one rule imply the other",
  },
  CP5031: {
    severity: "warning",
    title: "empty-compliance-policy",
    message: "compliance policy `{policy}` imports with no rules ({reason}): every device of its platform passes it",
  },
  CP5032: {
    severity: "warning",
    title: "value-normalised",
    message: "setting `{property}` of `{policy}`: `{value}` read as `{normalised}` ({reason})",
  },
  CP5033: {
    severity: "error",
    title: "value-refused",
    message: "setting `{property}` of `{policy}`: `{value}` is not a valid {kind}; the setting was not imported",
    help: "{help}",
  },
  CP5040: {
    severity: "error",
    title: "invalid-membership-record",
    message: "group membership record {record} cannot be used: {reason}",
    help:
      'each line is a Graph group: `{"id": "...", "displayName": "...", ' +
      '"transitiveMembers": [{"@odata.type": "#microsoft.graph.user", "id": "..."}]}`; its assignments are unknown',
  },
  CP5041: {
    severity: "error",
    title: "graph-policy-export",
    message: "`{path}` is a Microsoft Graph export ({kind}), not Tenet policy source",
    help: "import it once and review the result: `tenet import intune {path} -o policies/imported`, then pass `-p policies/imported`",
  },
  // CP506x: hostile inputs, crashes and full disks (one record or one file fails, never the run)
  CP5060: {
    severity: "error",
    title: "record-failed",
    message: "this record could not be evaluated: {reason}",
    help: "the other records were evaluated; please report this record's shape",
  },
  CP5061: {
    severity: "error",
    title: "snapshot-too-large",
    message: "snapshot {problem}",
    help: "a device snapshot nests at most {depth} levels and holds at most {nodes} values (YAML aliases count each time they are used)",
  },
  CP5062: {
    severity: "error",
    title: "output-is-input",
    message: "`{path}` is {what} (`{other}`): refusing to write output over it",
    help: "choose another output path; the file was left as it was",
  },
  CP5063: {
    severity: "error",
    title: "output-unwritable",
    message: "cannot write `{path}`: {reason}",
    help: "check that the directory exists and is writable; nothing was written",
  },
  CP5064: {
    severity: "error",
    title: "output-write-failed",
    message: "writing `{path}` failed: {reason}",
    help: "free disk space or fix the device and run again; a previous file of that name was left as it was",
  },
  // CP507x: the audit log (`check --audit-log`, `tenet audit verify`)
  CP5070: {
    severity: "error",
    title: "audit-record-edited",
    message: "record {record} (seq {seq}) was edited: its hash does not match its content",
  },
  CP5071: {
    severity: "error",
    title: "audit-record-out-of-place",
    message: "record {record} (seq {seq}) does not follow record {previous} (seq {previousSeq}): {reason}",
  },
  CP5072: {
    severity: "error",
    title: "audit-start-missing",
    message:
      "record {record} (seq {seq}) does not start the chain: earlier records were removed without a retention record that names them",
    help: "only `check --retain` removes records; it appends a hashed `retention` record naming the last one removed",
  },
  CP5073: {
    severity: "error",
    title: "audit-record-not-keyed",
    message: "record {record} (seq {seq}) {reason}: it was written or rewritten without the audit key",
  },
  CP5074: {
    severity: "error",
    title: "audit-anchor-not-extended",
    message: "the log does not extend the anchor `{anchor}`: {reason}",
    help: "the records up to the anchor were deleted or the chain was rewritten after the anchor was taken",
  },
  CP5075: {
    severity: "error",
    title: "audit-record-invalid",
    message: "record {record} is not an audit record: {reason}",
  },
  CP5076: {
    severity: "error",
    title: "audit-record-torn",
    message:
      "the last record ({bytes} bytes at offset {offset}) is incomplete: a run was killed or the disk filled while appending it",
    help: "`tenet audit repair {path}` (or the next audited run) moves it to `{side}`; the records before it are intact",
  },
  CP5077: {
    severity: "warning",
    title: "audit-torn-set-aside",
    message:
      "the audit log `{path}` ended in an incomplete record ({bytes} bytes, a run killed while appending); it was moved to `{side}`",
  },
  CP5078: {
    severity: "error",
    title: "audit-log-busy",
    message: "the audit log `{path}` stayed locked by another run for {seconds} s ({holder})",
    help: "wait for that run to finish; if its process is gone, remove `{lock}`",
  },
  CP5079: {
    severity: "error",
    title: "audit-key-invalid",
    message: "audit key {source}: {reason}",
    help: "give a key of at least 16 bytes in a file (`--audit-key FILE`, `TENET_AUDIT_KEY_FILE`) or in `TENET_AUDIT_KEY`",
  },
  CP5080: {
    severity: "info",
    title: "audit-keyed-not-checked",
    message: "{count} records carry a MAC that was not checked: no audit key was given",
    help: "give the key (`--audit-key FILE`, `TENET_AUDIT_KEY_FILE` or `TENET_AUDIT_KEY`) to detect a chain rewritten without it",
  },
  CP5081: {
    severity: "info",
    title: "audit-torn-records-kept",
    message: "{count} incomplete records from killed runs were set aside in `{side}`",
  },
  CP5082: { severity: "error", title: "audit-history-mismatch", message: "{problem}" },
  // CP51xx: the history store (@tenet/history)
  CP5101: {
    severity: "error",
    title: "history-store-newer",
    message:
      "the history store `{store}` has schema version {found}, written by a newer Tenet; this Tenet knows versions up to {known}",
    help: "upgrade Tenet to read this store",
  },
  CP5102: {
    severity: "error",
    title: "history-store-busy",
    message: "the history store `{store}` is in use by another run ({holder})",
    help: "wait for that run to finish; if its process is gone, remove `{lock}`",
  },
  CP5103: {
    severity: "error",
    title: "history-store-unreadable",
    message: "cannot open the history store `{store}`: {reason}",
    help: "{help}",
  },
  CP5104: { severity: "error", title: "history-run-not-found", message: "no run {run} in the history store `{store}`" },
  CP5105: {
    severity: "error",
    title: "history-no-run-before",
    message: "the history store `{store}` has no run at or before {instant}",
  },
  CP5106: { severity: "error", title: "history-chain-broken", message: "history run {run} {problem}" },
  CP5107: {
    severity: "error",
    title: "history-run-stale",
    message: "another run was recorded in `{store}` while this one was evaluated (run {run})",
    help: "run again: the previous state it read is out of date",
  },
  CP5108: {
    severity: "error",
    title: "history-not-a-store",
    message: "`{store}` is not a Tenet history store: {reason}",
    help: "pass an empty or new directory, or a postgres:// URL",
  },
  CP5109: {
    severity: "warning",
    title: "history-replay-differs",
    message:
      "run {run} does not replay identically from the history store `{store}` ({devices} devices differ): " +
      "the report is not proof of what was recorded",
    help: "run `tenet history replay {run}` and `tenet history verify` to see what differs",
  },
  // CP52xx: the command line itself (flags, arguments, where results go)
  CP5200: {
    severity: "error",
    title: "invalid-command-line",
    message: "{reason}",
    help: "run `tenet {usage}` for usage",
  },
  CP5201: { severity: "error", title: "option-needs-option", message: "`{option}` needs `{needs}`" },
  CP5202: { severity: "error", title: "unwritable-output", message: "cannot write `{path}`: {reason}" },
  CP5203: {
    severity: "error",
    title: "invalid-tenant-settings",
    message: "invalid tenant settings in `{path}`: {reason}",
  },
  CP5204: { severity: "error", title: "device-not-found", message: "no device `{device}` in `{path}`", help: "{help}" },
  CP5205: {
    severity: "error",
    title: "device-not-chosen",
    message: "`{path}` holds {count} devices; `explain` takes one",
    help: "pick one with `--device`, e.g. `--device {example}`",
  },
  CP5206: {
    severity: "error",
    title: "unknown-framework",
    message: "unknown framework `{framework}`",
    help: "known: {known}",
  },
  CP5207: {
    severity: "warning",
    title: "no-catalog-entry",
    message: "no catalog entry for `{framework}`{where}: coverage is reported, gaps are not",
  },
  CP5208: {
    severity: "error",
    title: "output-is-a-format",
    message: "`-o {value}` would write a file named `{value}`",
    help: "`-o` names the output file and `-f` the format: use `-f {value}`, or `-o ./{value}` for a file of that name",
  },
  CP5209: { severity: "warning", title: "no-properties", message: "no `property` declarations{where}" },
  CP5210: {
    severity: "warning",
    title: "no-test-cases",
    message: "no test cases found",
    help: "test files are named `*.test.yaml`",
  },
  CP5211: { severity: "error", title: "invalid-catalog", message: "invalid framework catalog `{path}`: {reason}" },
  CP5212: { severity: "error", title: "no-graph-exports", message: "`{path}` holds no Graph JSON exports (.json)" },
  CP5213: {
    severity: "error",
    title: "invalid-snapshot-directory",
    message: "invalid snapshot directory `{path}`: {reason}",
  },
  CP5214: {
    severity: "error",
    title: "snapshot-file-missing",
    message: "snapshot directory `{path}` has no {file}",
    help: "pull it (sign-ins need `--signins-days`)",
  },
  CP5215: {
    severity: "error",
    title: "snapshot-collection-unreadable",
    message:
      "snapshot directory `{path}`: {collection} could not be read when it was pulled (HTTP {status}); grant {permission} and pull again",
  },
  CP5217: {
    severity: "error",
    title: "graph-request-failed",
    message: "Graph request failed: {reason} ({url})",
    help: "run the same command again to resume from the checkpoint",
  },
  CP5218: {
    severity: "error",
    title: "no-history-store",
    message: "no history store",
    help: "pass `--history STORE`, set TENET_HISTORY_URL, or set `history` in tenet.config.yaml",
  },
  CP5219: {
    severity: "error",
    title: "device-not-in-history",
    message: "device `{device}` is in no recorded run",
    help: "`tenet history runs` lists the runs; `tenet history at DATE` the devices of one",
  },
  CP5216: {
    severity: "error",
    title: "graph-sign-in-configuration",
    message: "{reason}",
    help: "see `tenet pull --help` for the ways to sign in",
  },
  // CP5230-CP5239: the edges a new user meets first (the bin, completion, fmt on stdin, pseudonyms)
  CP5230: {
    severity: "error",
    title: "not-built",
    message: "`tenet` is not built yet",
    help: "run `npx -y pnpm@10 build` in the repository, then `tenet` again",
  },
  CP5231: {
    severity: "error",
    title: "stdin-with-paths",
    message: "`-` (standard input) cannot be formatted together with other paths",
    help: "run `tenet fmt -` on its own, or name the files",
  },
  CP5232: {
    severity: "error",
    title: "redact-key-invalid",
    message: "redaction key {source}: {reason}",
    help: "give a key of at least 16 bytes in a file (`--redact-key FILE`, `TENET_REDACT_KEY_FILE`) or in `TENET_REDACT_KEY`",
  },
  CP5233: {
    severity: "warning",
    title: "tenant-ids-unchecked",
    message: "{kind} ids are not checked against snapshot directory `{path}`: {reason}",
    help: "no {kind} is reported unknown while the directory cannot list them all: repair the file, or pull again with the permission",
  },
} as const satisfies Record<DiagnosticCode, CatalogEntry>;

export type CatalogCode = keyof typeof CATALOG;

/** Fill `{name}` placeholders of a catalog template; unknown placeholders are left as-is. */
export function fillTemplate(template: string, args: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(args, name) ? String(args[name]) : whole,
  );
}
