// A Graph emulator on 127.0.0.1: Graph-shaped answers for a generated tenant, with faults on demand.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FaultPlan, type FaultRule } from "./faults.js";
import { errorBody, page, select, selectedFields } from "./odata.js";
import { GeneratedTenant, type TenantOptions } from "./tenant.js";

type GraphObject = Record<string, unknown>;

export interface EmulatorOptions extends TenantOptions {
  /** Records per page of every collection (Intune's managedDevices pages hold 1000; default 100). */
  pageSize?: number;
  /** The bearer token every request must carry (default: any token is accepted, none is refused). */
  token?: string;
  faults?: FaultRule[];
  /** Origin written into @odata.nextLink (default: the emulator's own; another host tests that clients do not follow it). */
  nextLinkOrigin?: string;
  /** Called for each request as it arrives (tests stop a pull from here). */
  onRequest?: (request: EmulatedRequest) => void;
}

/** A request the emulator answered, as kept in `requests`. */
export interface EmulatedRequest {
  method: string;
  /** Path and query after the API version, e.g. `/deviceManagement/managedDevices?$select=...`. */
  path: string;
  apiVersion: string;
  status: number;
}

/** A running emulator: its base URL (Graph's origin stand-in), the log of requests, and `close`. */
export interface GraphEmulator {
  url: string;
  tenant: GeneratedTenant;
  requests: EmulatedRequest[];
  /** Replaces the fault rules (counts start again). */
  setFaults(rules: FaultRule[]): void;
  close(): Promise<void>;
}

/** Starts an emulator on 127.0.0.1 at a free port. */
export async function startGraphEmulator(options: EmulatorOptions = {}): Promise<GraphEmulator> {
  const tenant = new GeneratedTenant(options);
  const requests: EmulatedRequest[] = [];
  let faults = new FaultPlan(options.faults ?? []);
  let sequence = 0;
  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) =>
      send(res, 500, errorBody("generalException", error instanceof Error ? error.message : String(error), "emulator")),
    );
  });
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const requestId = `emulator-${++sequence}`;
    const url = new URL(req.url ?? "/", options.nextLinkOrigin ?? `http://${req.headers.host ?? "127.0.0.1"}`);
    const match = /^\/(v1\.0|beta)(\/.*)$/.exec(url.pathname);
    const apiVersion = match?.[1] ?? "";
    const path = `${match?.[2] ?? url.pathname}${url.search}`;
    const entry: EmulatedRequest = {
      method: req.method ?? "GET",
      path: decodeURIComponent(path),
      apiVersion,
      status: 0,
    };
    requests.push(entry);
    options.onRequest?.(entry);
    const reply = (status: number, body: GraphObject, headers: Record<string, string> = {}) => {
      entry.status = status;
      send(res, status, body, { "request-id": requestId, ...headers });
    };
    if (options.token !== undefined && req.headers.authorization !== `Bearer ${options.token}`) {
      return reply(
        401,
        errorBody(
          "InvalidAuthenticationToken",
          req.headers.authorization === undefined
            ? "Access token is empty."
            : "Access token validation failure. Invalid audience.",
          requestId,
        ),
      );
    }
    if (req.method !== "GET")
      return reply(
        405,
        errorBody("Request_BadRequest", "The emulator serves GET only, as tenet pull reads only.", requestId),
      );
    const fault = faults.decide(entry.path);
    if (fault?.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (res.destroyed) return;
    if (fault?.status !== undefined) {
      const headers: Record<string, string> =
        fault.retryAfter === undefined ? {} : { "retry-after": String(fault.retryAfter) };
      const code =
        fault.status === 429
          ? "TooManyRequests"
          : fault.status === 403
            ? "Forbidden"
            : fault.status === 503
              ? "ServiceUnavailable"
              : fault.status === 504
                ? "GatewayTimeout"
                : "generalException";
      const message =
        fault.status === 403
          ? "Insufficient privileges to complete the operation."
          : fault.status === 429
            ? "Too many requests."
            : `Emulated ${fault.status}.`;
      return reply(fault.status, errorBody(code, message, requestId), headers);
    }
    const route = routeOf(tenant, url, match?.[2] ?? url.pathname, apiVersion, options.pageSize ?? 100);
    if (route === undefined)
      return reply(
        404,
        errorBody(
          "ResourceNotFound",
          `Resource not found for the segment '${(match?.[2] ?? url.pathname).split("/").pop()}'.`,
          requestId,
        ),
      );
    return reply(200, route);
  };
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tenant,
    requests,
    setFaults: (rules) => (faults = new FaultPlan(rules)),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}

function send(res: ServerResponse, status: number, body: GraphObject, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type":
      "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** The answer for a GET, or undefined for a path Graph would not know. */
function routeOf(
  tenant: GeneratedTenant,
  url: URL,
  path: string,
  apiVersion: string,
  pageSize: number,
): GraphObject | undefined {
  const context = (what: string) => `https://graph.microsoft.com/${apiVersion}/$metadata#${what}`;
  const list = (what: string, items: readonly GraphObject[]) =>
    page({ context: context(what), url, total: items.length, pageSize, at: (i) => items[i]! });
  const fields = selectedFields(url.searchParams);
  let m: RegExpExecArray | null;
  if (path === "/deviceManagement")
    return {
      "@odata.context": context("deviceManagement"),
      ...select(
        {
          id: "00000000-0000-0000-0000-0000000000dm",
          settings: tenant.settings,
          intuneBrand: null,
          subscriptionState: "active",
        },
        fields,
      ),
    };
  if (path === "/deviceManagement/managedDevices")
    return page({
      context: context("deviceManagement/managedDevices"),
      url,
      total: tenant.deviceCount,
      pageSize,
      at: (i) => tenant.device(i),
    });
  if ((m = /^\/deviceManagement\/managedDevices\/([^/]+)$/.exec(path)) !== null) {
    const index = deviceIndex(tenant, m[1]!);
    if (index === undefined) return undefined;
    return {
      "@odata.context": context("deviceManagement/managedDevices/$entity"),
      ...select({ ...tenant.device(index), deviceHealthAttestationState: tenant.healthAttestation(index) }, fields),
    };
  }
  if ((m = /^\/deviceManagement\/managedDevices\/([^/]+)\/deviceCompliancePolicyStates$/.exec(path)) !== null) {
    const index = deviceIndex(tenant, m[1]!);
    if (index === undefined) return undefined;
    return list(`deviceManagement/managedDevices('${m[1]}')/deviceCompliancePolicyStates`, tenant.policyStates(index));
  }
  if ((m = /^\/deviceManagement\/managedDevices\/([^/]+)\/windowsProtectionState$/.exec(path)) !== null) {
    const index = deviceIndex(tenant, m[1]!);
    const state = index === undefined ? undefined : tenant.protectionState(index);
    return state === undefined
      ? undefined
      : {
          "@odata.context": context(`deviceManagement/managedDevices('${m[1]}')/windowsProtectionState/$entity`),
          ...select(state, fields),
        };
  }
  if (path === "/deviceManagement/deviceCompliancePolicies") {
    const expand = url.searchParams.get("$expand") ?? "";
    const policies = tenant.compliancePolicies().map((p) => {
      const out = { ...p };
      if (!expand.includes("assignments")) {
        delete out.assignments;
        delete out["assignments@odata.context"];
      }
      if (!expand.includes("scheduledActionsForRule")) {
        delete out.scheduledActionsForRule;
        delete out["scheduledActionsForRule@odata.context"];
      }
      return out;
    });
    return list(
      "deviceManagement/deviceCompliancePolicies(assignments(),scheduledActionsForRule(scheduledActionConfigurations()))",
      policies,
    );
  }
  // Assignment filters exist in beta only.
  if (path === "/deviceManagement/assignmentFilters" && apiVersion === "beta")
    return list("deviceManagement/assignmentFilters", tenant.assignmentFilters());
  if (path === "/identity/conditionalAccess/policies")
    return list("identity/conditionalAccess/policies", tenant.conditionalAccessPolicies());
  if (path === "/identity/conditionalAccess/namedLocations")
    return list("identity/conditionalAccess/namedLocations", tenant.namedLocations());
  if (path === "/policies/authenticationStrengthPolicies")
    return list("policies/authenticationStrengthPolicies", tenant.authenticationStrengths());
  if (path === "/directoryRoles") return list("directoryRoles", tenant.directoryRoles());
  if ((m = /^\/directoryRoles\/([^/]+)\/members$/.exec(path)) !== null)
    return list("directoryObjects", tenant.roleMembers(m[1]!));
  if ((m = /^\/groups\/([^/]+)$/.exec(path)) !== null) {
    const group = tenant.group(m[1]!);
    return group === undefined ? undefined : { "@odata.context": context("groups/$entity"), ...select(group, fields) };
  }
  if ((m = /^\/groups\/([^/]+)\/transitiveMembers$/.exec(path)) !== null) {
    if (tenant.group(m[1]!) === undefined) return undefined;
    const members = tenant.members(m[1]!);
    return page({
      context: context("directoryObjects"),
      url,
      total: members.count,
      pageSize,
      at: (i) => members.at(i),
    });
  }
  if (path === "/auditLogs/signIns") {
    const filter = /createdDateTime ge (\S+)/.exec(url.searchParams.get("$filter") ?? "");
    const since = filter === null ? -Infinity : Date.parse(filter[1]!);
    let total = 0;
    while (total < tenant.signinCount && Date.parse(String(tenant.signin(total).createdDateTime)) >= since) total++;
    return page({ context: context("auditLogs/signIns"), url, total, pageSize, at: (i) => tenant.signin(i) });
  }
  return undefined;
}

function deviceIndex(tenant: GeneratedTenant, id: string): number | undefined {
  const match = /^00000010-0000-4000-8000-([0-9a-f]{12})$/.exec(id);
  if (match === null) return undefined;
  const index = parseInt(match[1]!, 16);
  return index < tenant.deviceCount ? index : undefined;
}
