// @tenet/graph/emulator: a loopback Graph emulator for tests and benchmarks (docs/graph-emulator.md).
export { startGraphEmulator } from "./server.js";
export type { EmulatorOptions, EmulatedRequest, GraphEmulator } from "./server.js";
export type { FaultRule } from "./faults.js";
export { GeneratedTenant } from "./tenant.js";
export type { TenantOptions, Platform } from "./tenant.js";
