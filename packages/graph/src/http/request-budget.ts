// A per-service sliding window that keeps a pull under Graph's documented throttling limits.

import type { ThrottlingService } from "../collections.js";

/** At most `requests` requests start in any `perMs` window. */
export interface RateLimit {
  requests: number;
  perMs: number;
}

/**
 * Documented limits per app per tenant (learn.microsoft.com/graph/throttling-limits):
 * Intune devices 2000 requests / 20 s, Intune device configuration 1000 / 20 s, identity
 * protection and Conditional Access 1 request / s per tenant. Directory reads are costed in
 * resource units (3500 per 10 s for a small tenant, a GET of an object is 1); audit logs
 * have no published figure and get the directory budget.
 */
export const DOCUMENTED_LIMITS: Readonly<Record<ThrottlingService, RateLimit>> = {
  intuneDevices: { requests: 2000, perMs: 20_000 },
  intuneDeviceConfiguration: { requests: 1000, perMs: 20_000 },
  conditionalAccess: { requests: 1, perMs: 1000 },
  directory: { requests: 3500, perMs: 10_000 },
  auditLogs: { requests: 3500, perMs: 10_000 },
};

/** Hands out start times so that no window of any service holds more than its limit. */
export class RequestBudget {
  private readonly starts = new Map<ThrottlingService, number[]>();

  constructor(
    private readonly limits: Readonly<Record<ThrottlingService, RateLimit>>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds to wait before a request to `service` may start; reserves that slot. */
  reserve(service: ThrottlingService): number {
    const limit = this.limits[service];
    const starts = this.starts.get(service) ?? [];
    this.starts.set(service, starts);
    const now = this.now();
    while (starts.length > 0 && starts[0]! <= now - limit.perMs) starts.shift();
    // Slots are handed out in order, so the list stays sorted and the window check is exact:
    // the new start must lie a full window after the start `requests` places back.
    let at = Math.max(now, starts[starts.length - 1] ?? now);
    if (starts.length >= limit.requests) at = Math.max(at, starts[starts.length - limit.requests]! + limit.perMs);
    starts.push(at);
    return Math.max(0, at - now);
  }
}
