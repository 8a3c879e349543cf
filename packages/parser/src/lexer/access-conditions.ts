/**
 * The condition clauses of an access policy, in the order the language reference lists them.
 * The checker, the direct parser and the syntax-error messages all read this one list, so a
 * new Entra condition is added once.
 */
export const ACCESS_CONDITIONS = [
  "users",
  "apps",
  "clients",
  "platforms",
  "locations",
  "signInRisk",
  "userRisk",
  "authenticationFlows",
  "deviceStates",
] as const;
