// @tenet/history: a store of compliance runs (embedded PGlite or a PostgreSQL server), time travel and replay.
export { HistoryStore } from "./store/history-store.js";
export type { OpenOptions } from "./store/open-store.js";
export { isServerUrl } from "./store/open-store.js";
export { SCHEMA_VERSION } from "./store/migrations.js";
export { HistoryError } from "./errors.js";
export type { Driver, Queryable } from "./driver/driver.js";
export type { PreviousRun, OpenSpan } from "./record/previous-run.js";
export { previousLookup } from "./record/previous-run.js";
export type { PolicyBundle, RecordedDevice, RecordedRun, RunInput } from "./record/record-run.js";
export type { DeviceOutcome, PolicyOutcome, RuleOutcome } from "./record/device-outcome.js";
export { outcomeOf } from "./record/device-outcome.js";
export { captureDevice } from "./record/capture-device.js";
export { controlIndex } from "./record/run-tallies.js";
export type { ControlIndex } from "./record/run-tallies.js";
export { canonicalJson, sha256 } from "./record/canonical-json.js";
export { evaluateDevices, checkAndRecord } from "./evaluate/evaluate-run.js";
