// @tenet/graph: a read-only Microsoft Graph connector (`tenet pull`) writing snapshot directories.
export { pullTenant, hasCheckpoint } from "./pull/pull-tenant.js";
export type { PullOptions, PullResult } from "./pull/pull-tenant.js";
export type { Manifest } from "./pull/manifest.js";
export type { Unreadable } from "./pull/checkpoint.js";
export { COLLECTIONS, requiredPermissions } from "./collections.js";
export type { CollectionSpec, CollectionName, ThrottlingService } from "./collections.js";
export { authenticate, AuthConfigurationError, AUTH_METHODS, GRAPH_SCOPE } from "./auth/token-source.js";
export type { AuthOptions, AuthMethod, Authentication } from "./auth/token-source.js";
export { GraphClient } from "./http/graph-client.js";
export type { GraphClientOptions, RequestEvent, TokenSource } from "./http/graph-client.js";
export { GraphHttpError } from "./http/graph-error.js";
export { DOCUMENTED_LIMITS } from "./http/request-budget.js";
export type { RateLimit } from "./http/request-budget.js";
export { isSnapshotDirectory, readManifest, snapshotFile, SNAPSHOT_FILES } from "./snapshot/snapshot-directory.js";
