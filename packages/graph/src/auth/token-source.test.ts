import { describe, expect, it } from "vitest";
import { AuthConfigurationError, authenticate, tenantOfToken } from "./token-source.js";

describe("authenticate", () => {
  it("uses a bearer token from TENET_GRAPH_TOKEN first (a leading `Bearer ` is dropped)", async () => {
    const auth = authenticate({}, { TENET_GRAPH_TOKEN: "Bearer abc", AZURE_CLIENT_SECRET: "s" });
    expect(auth.method).toBe("token");
    expect(await auth.token(false)).toBe("abc");
  });

  it("chooses a client secret, a certificate or workload identity from AZURE_* variables", () => {
    const base = { AZURE_TENANT_ID: "t", AZURE_CLIENT_ID: "c" };
    expect(authenticate({}, { ...base, AZURE_CLIENT_SECRET: "s" }).method).toBe("client-secret");
    expect(authenticate({}, { ...base, AZURE_CLIENT_CERTIFICATE_PATH: "/c.pem" }).method).toBe("client-certificate");
    expect(authenticate({}, { ...base, AZURE_FEDERATED_TOKEN_FILE: "/t" }).method).toBe("workload-identity");
    expect(authenticate({ method: "azure-cli" }, {}).method).toBe("azure-cli");
  });

  it("says what is missing instead of failing at the first request", () => {
    expect(() => authenticate({}, {})).toThrow(AuthConfigurationError);
    expect(() => authenticate({ method: "client-secret" }, { AZURE_TENANT_ID: "t", AZURE_CLIENT_SECRET: "s" })).toThrow(
      "--auth client-secret needs --client-id or AZURE_CLIENT_ID",
    );
    expect(() => authenticate({ method: "token", tokenVariable: "MY_TOKEN" }, {})).toThrow("MY_TOKEN");
  });

  it("reads the tenant id from a token's tid claim", () => {
    const payload = Buffer.from(JSON.stringify({ tid: "00000000-0000-4000-8000-0000000000aa" })).toString("base64url");
    expect(tenantOfToken(`e30.${payload}.sig`)).toBe("00000000-0000-4000-8000-0000000000aa");
    expect(tenantOfToken("opaque")).toBeUndefined();
  });
});
