/** Operators of Intune assignment filter rules (the "Supported operators" of Intune's filter reference). */
export type IntuneFilterOperator =
  "eq" | "ne" | "startsWith" | "contains" | "notContains" | "in" | "notIn" | "gt" | "ge" | "lt" | "le";
