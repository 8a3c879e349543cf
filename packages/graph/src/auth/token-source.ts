// Authentication: a credential of @azure/identity, or a bearer token handed over in the environment.

import type { TokenCredential } from "@azure/identity";
import type { TokenSource } from "../http/graph-client.js";

/** The one scope `tenet pull` asks for: the application permissions granted to the app. */
export const GRAPH_SCOPE = "https://graph.microsoft.com/.default";

/** How to sign in; `auto` picks the first that the options or environment make possible. */
export type AuthMethod =
  | "auto"
  | "token"
  | "client-secret"
  | "client-certificate"
  | "managed-identity"
  | "workload-identity"
  | "device-code"
  | "azure-cli";

export const AUTH_METHODS: readonly AuthMethod[] = [
  "auto",
  "token",
  "client-secret",
  "client-certificate",
  "managed-identity",
  "workload-identity",
  "device-code",
  "azure-cli",
];

export interface AuthOptions {
  method?: AuthMethod;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  certificatePath?: string;
  /** Environment variable holding a bearer token (default TENET_GRAPH_TOKEN). */
  tokenVariable?: string;
  /** Where device-code sign-in prints its prompt (default standard error). */
  prompt?: (message: string) => void;
}

/** A signed-in token source and the method that was chosen. */
export interface Authentication {
  method: Exclude<AuthMethod, "auto">;
  token: TokenSource;
}

/** Thrown when no sign-in method fits the options and environment; the message says what to set. */
export class AuthConfigurationError extends Error {}

/**
 * Chooses the sign-in method (flags first, then AZURE_* and TENET_GRAPH_TOKEN variables) and
 * returns a token source that caches the token until two minutes before it expires.
 */
export function authenticate(options: AuthOptions, env: NodeJS.ProcessEnv = process.env): Authentication {
  const tokenVariable = options.tokenVariable ?? "TENET_GRAPH_TOKEN";
  const tenantId = options.tenantId ?? env.AZURE_TENANT_ID;
  const clientId = options.clientId ?? env.AZURE_CLIENT_ID;
  const secret = options.clientSecret ?? env.AZURE_CLIENT_SECRET;
  const certificate = options.certificatePath ?? env.AZURE_CLIENT_CERTIFICATE_PATH;
  const method =
    options.method === undefined || options.method === "auto"
      ? chooseMethod(
          { token: env[tokenVariable], secret, certificate, federated: env.AZURE_FEDERATED_TOKEN_FILE },
          tokenVariable,
        )
      : options.method;
  if (method === "token") {
    const token = env[tokenVariable];
    if (token === undefined || token.trim() === "")
      throw new AuthConfigurationError(
        `--auth token needs a bearer token in the environment variable ${tokenVariable}`,
      );
    return { method, token: async () => token.trim().replace(/^Bearer\s+/i, "") };
  }
  const need = (value: string | undefined, what: string) => {
    if (value === undefined || value === "") throw new AuthConfigurationError(`--auth ${method} needs ${what}`);
    return value;
  };
  const make = async (): Promise<TokenCredential> => {
    const identity = await import("@azure/identity");
    switch (method) {
      case "client-secret":
        return new identity.ClientSecretCredential(
          need(tenantId, "--tenant-id or AZURE_TENANT_ID"),
          need(clientId, "--client-id or AZURE_CLIENT_ID"),
          need(secret, "AZURE_CLIENT_SECRET"),
        );
      case "client-certificate":
        return new identity.ClientCertificateCredential(
          need(tenantId, "--tenant-id or AZURE_TENANT_ID"),
          need(clientId, "--client-id or AZURE_CLIENT_ID"),
          { certificatePath: need(certificate, "--certificate or AZURE_CLIENT_CERTIFICATE_PATH") },
        );
      case "managed-identity":
        return clientId === undefined
          ? new identity.ManagedIdentityCredential()
          : new identity.ManagedIdentityCredential({ clientId });
      case "workload-identity":
        return new identity.WorkloadIdentityCredential({
          ...(tenantId === undefined ? {} : { tenantId }),
          ...(clientId === undefined ? {} : { clientId }),
        });
      case "device-code":
        return new identity.DeviceCodeCredential({
          ...(tenantId === undefined ? {} : { tenantId }),
          ...(clientId === undefined ? {} : { clientId }),
          userPromptCallback: (info) => (options.prompt ?? ((m) => process.stderr.write(`${m}\n`)))(info.message),
        });
      case "azure-cli":
        return new identity.AzureCliCredential(tenantId === undefined ? {} : { tenantId });
    }
  };
  // Fail on a missing setting now, not at the first request.
  if (method === "client-secret") {
    need(tenantId, "--tenant-id or AZURE_TENANT_ID");
    need(clientId, "--client-id or AZURE_CLIENT_ID");
    need(secret, "AZURE_CLIENT_SECRET");
  }
  if (method === "client-certificate") {
    need(tenantId, "--tenant-id or AZURE_TENANT_ID");
    need(clientId, "--client-id or AZURE_CLIENT_ID");
    need(certificate, "--certificate or AZURE_CLIENT_CERTIFICATE_PATH");
  }
  return { method, token: cachedToken(make) };
}

function chooseMethod(
  set: { token?: string; secret?: string; certificate?: string; federated?: string },
  tokenVariable: string,
): Exclude<AuthMethod, "auto"> {
  if (set.token !== undefined && set.token !== "") return "token";
  if (set.secret !== undefined && set.secret !== "") return "client-secret";
  if (set.certificate !== undefined && set.certificate !== "") return "client-certificate";
  if (set.federated !== undefined && set.federated !== "") return "workload-identity";
  throw new AuthConfigurationError(
    `no credentials: set ${tokenVariable}, or AZURE_TENANT_ID + AZURE_CLIENT_ID with AZURE_CLIENT_SECRET ` +
      "or AZURE_CLIENT_CERTIFICATE_PATH, or choose --auth managed-identity, device-code or azure-cli",
  );
}

function cachedToken(make: () => Promise<TokenCredential>): TokenSource {
  let credential: Promise<TokenCredential> | undefined;
  let cached: { token: string; expiresOn: number } | undefined;
  return async (refresh) => {
    if (!refresh && cached !== undefined && cached.expiresOn - 120_000 > Date.now()) return cached.token;
    credential ??= make();
    const got = await (await credential).getToken(GRAPH_SCOPE);
    if (got === null) throw new AuthConfigurationError("the credential returned no token for Microsoft Graph");
    cached = { token: got.token, expiresOn: got.expiresOnTimestamp };
    return got.token;
  };
}

/** The tenant id (`tid` claim) of a Graph access token, when the token is a readable JWT. */
export function tenantOfToken(token: string): string | undefined {
  const payload = token.split(".")[1];
  if (payload === undefined) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { tid?: unknown };
    return typeof claims.tid === "string" ? claims.tid : undefined;
  } catch {
    return undefined;
  }
}
