// Fault injection: which requests the emulator answers with an error, late, or both.

/** One rule; the first rule that fires for a request decides its fate. */
export interface FaultRule {
  /** Matches the path and query after the API version (`/deviceManagement/managedDevices?...`); default every request. */
  path?: string | RegExp;
  /** Answer with this status (429, 503, 504, 403, 500, ...) instead of the data. */
  status?: number;
  /** Seconds for a Retry-After header; absent: no header. */
  retryAfter?: number;
  /** Fire only for the first this many matching requests (default every time). */
  times?: number;
  /** Fire on every n-th matching request only (1 = all). */
  every?: number;
  /** Wait this long before answering (a slow response; with no status the data comes late). */
  delayMs?: number;
}

/** Decides per request which rule fires, counting matches per rule. */
export class FaultPlan {
  private readonly matched: number[];
  private readonly fired: number[];

  constructor(private readonly rules: readonly FaultRule[]) {
    this.matched = rules.map(() => 0);
    this.fired = rules.map(() => 0);
  }

  /** The rule that fires for `pathAndQuery`, if any. */
  decide(pathAndQuery: string): FaultRule | undefined {
    for (const [i, rule] of this.rules.entries()) {
      const matches =
        rule.path === undefined ||
        (typeof rule.path === "string" ? pathAndQuery.startsWith(rule.path) : rule.path.test(pathAndQuery));
      if (!matches) continue;
      this.matched[i]! += 1;
      if (rule.every !== undefined && this.matched[i]! % rule.every !== 0) continue;
      if (rule.times !== undefined && this.fired[i]! >= rule.times) continue;
      this.fired[i]! += 1;
      return rule;
    }
    return undefined;
  }
}
