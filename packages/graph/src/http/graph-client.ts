// The one place `tenet pull` talks HTTP: GET only, with retries, timeouts and the request budget.

import type { ThrottlingService } from "../collections.js";
import { GraphHttpError, graphErrorOf } from "./graph-error.js";
import { RequestBudget, DOCUMENTED_LIMITS, type RateLimit } from "./request-budget.js";
import { RETRYABLE_STATUS, backoffMs, retryAfterMs, type Backoff } from "./retry-delay.js";
import { sleep } from "./sleep.js";

/** Returns a bearer token for https://graph.microsoft.com/.default; `refresh` asks for a new one after a 401. */
export type TokenSource = (refresh: boolean) => Promise<string>;

/** What happened to one HTTP attempt, for statistics and tests. */
export interface RequestEvent {
  url: string;
  status: number | "timeout" | "network";
  attempt: number;
  /** The wait before the next attempt, when there is one. */
  retryInMs?: number;
}

export interface GraphClientOptions {
  /** Graph's origin, e.g. `https://graph.microsoft.com` (an emulator's in tests). */
  baseUrl: string;
  token: TokenSource;
  /** Per-request timeout, including reading the body (default 60 s). */
  timeoutMs?: number;
  /** Attempts per request before giving up (default 8). */
  maxAttempts?: number;
  /** Backoff when Graph sends no Retry-After (default 1 s doubling up to 60 s, full jitter). */
  backoff?: Backoff;
  /** Request budget per throttling service (default: Graph's documented limits); `false` turns it off. */
  limits?: Readonly<Record<ThrottlingService, RateLimit>> | false;
  signal?: AbortSignal;
  random?: () => number;
  onRequest?: (event: RequestEvent) => void;
}

/** A read-only Graph client: every call is a GET; transient failures are retried. */
export class GraphClient {
  private readonly origin: string;
  private readonly budget: RequestBudget | undefined;
  /** HTTP attempts made, retries included. */
  requests = 0;

  constructor(private readonly options: GraphClientOptions) {
    this.origin = new URL(options.baseUrl).origin;
    this.budget = options.limits === false ? undefined : new RequestBudget(options.limits ?? DOCUMENTED_LIMITS);
  }

  /** The absolute URL of `path` (`/deviceManagement/...`) under `apiVersion`; absolute URLs pass through. */
  url(path: string, apiVersion: string): string {
    if (/^https?:\/\//i.test(path)) return path;
    return `${this.options.baseUrl.replace(/\/+$/, "")}/${apiVersion}${path}`;
  }

  /** GETs `url` and parses the JSON body; throws GraphHttpError for a final non-2xx answer. */
  async get(url: string, service: ThrottlingService): Promise<unknown> {
    // A nextLink to another host would receive the bearer token: refuse it.
    if (new URL(url).origin !== this.origin)
      throw new GraphHttpError(
        0,
        url,
        undefined,
        `Graph returned a link to another host (${new URL(url).origin}); not following it`,
      );
    const maxAttempts = this.options.maxAttempts ?? 8;
    const backoff = this.options.backoff ?? { baseMs: 1000, maxMs: 60_000 };
    const random = this.options.random ?? Math.random;
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      const wait = this.budget?.reserve(service) ?? 0;
      if (wait > 0) await sleep(wait, this.options.signal);
      this.requests++;
      const outcome = await this.attempt(url, refreshed && attempt > 0);
      const last = attempt + 1 >= maxAttempts;
      if (outcome.kind === "ok") {
        this.options.onRequest?.({ url, status: outcome.status, attempt });
        return outcome.body;
      }
      if (outcome.kind === "status" && outcome.status === 401 && !refreshed) {
        // An expired token: fetch a fresh one once, then treat 401 as final.
        refreshed = true;
        this.options.onRequest?.({ url, status: 401, attempt, retryInMs: 0 });
        continue;
      }
      const retryable = outcome.kind !== "status" || RETRYABLE_STATUS.has(outcome.status);
      if (!retryable || last) {
        this.options.onRequest?.({ url, status: outcome.kind === "status" ? outcome.status : outcome.kind, attempt });
        throw outcome.kind === "status"
          ? graphErrorOf(outcome.status, url, outcome.text, outcome.statusText)
          : new GraphHttpError(
              0,
              url,
              undefined,
              outcome.kind === "timeout"
                ? `no answer within ${this.options.timeoutMs ?? 60_000} ms after ${attempt + 1} attempts`
                : `network error after ${attempt + 1} attempts: ${outcome.message}`,
            );
      }
      const asked = outcome.kind === "status" ? retryAfterMs(outcome.retryAfter, Date.now()) : undefined;
      const delay = asked ?? backoffMs(attempt, backoff, random);
      this.options.onRequest?.({
        url,
        status: outcome.kind === "status" ? outcome.status : outcome.kind,
        attempt,
        retryInMs: delay,
      });
      await sleep(delay, this.options.signal);
    }
  }

  private async attempt(url: string, refresh: boolean): Promise<Outcome> {
    const outer = this.options.signal;
    if (outer?.aborted === true) throw outer.reason;
    const timeoutMs = this.options.timeoutMs ?? 60_000;
    // One controller per attempt, tied to the caller's signal by hand: AbortSignal.any on a
    // long-lived signal keeps every per-request signal alive on Node 20.
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error("timeout"));
    }, timeoutMs);
    const onAbort = () => controller.abort(outer!.reason);
    outer?.addEventListener("abort", onAbort, { once: true });
    try {
      // Authentication failures are not transient: they propagate as they are (not a TypeError).
      const token = await this.options.token(refresh);
      const response = await fetch(url, {
        method: "GET",
        headers: { authorization: `Bearer ${token}`, accept: "application/json" },
        signal: controller.signal,
      });
      const text = await response.text();
      if (response.ok) return { kind: "ok", status: response.status, body: JSON.parse(text) as unknown };
      return {
        kind: "status",
        status: response.status,
        statusText: response.statusText,
        text,
        retryAfter: response.headers.get("retry-after"),
      };
    } catch (error) {
      // The caller's abort ends the pull; our own timeout is a transient failure to retry.
      if (timedOut) return { kind: "timeout" };
      if (controller.signal.aborted) throw controller.signal.reason;
      if (error instanceof SyntaxError)
        return { kind: "network", message: `invalid JSON from Graph: ${error.message}` };
      if (!(error instanceof TypeError)) throw error;
      return { kind: "network", message: error.cause instanceof Error ? error.cause.message : error.message };
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener("abort", onAbort);
    }
  }
}

type Outcome =
  | { kind: "ok"; status: number; body: unknown }
  | { kind: "status"; status: number; statusText: string; text: string; retryAfter: string | null }
  | { kind: "timeout" }
  | { kind: "network"; message: string };
