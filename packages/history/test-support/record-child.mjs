// Child process of the kill-during-run test: records one large run, saying when it starts,
// so the parent can SIGKILL it half way. Runs the built package (`pnpm build` comes first).
import { compile } from "@tenet/evaluator";
import { loadPolicySources } from "@tenet/parser";
import { checkAndRecord, HistoryStore } from "../dist/index.js";

const { location, policy, now, devices } = JSON.parse(process.argv[2]);
const sources = [{ path: "policies/fleet.tenet", text: policy }];
const compiled = compile(loadPolicySources(sources, { now: Date.parse(now) }).value);
const snapshots = Array.from({ length: devices }, (_, i) => ({
  id: `k${i}`,
  deviceName: `K${i}`,
  operatingSystem: "Windows",
  osVersion: `10.0.26100.${i % 500}`,
  firewallEnabled: i % 3 !== 0,
  lastSyncDateTime: now,
  userPrincipalName: `k${i}@contoso.com`,
  padding: "x".repeat(400),
}));
const store = await HistoryStore.open(location, { tool: "tenet test" });
const driver = store.driver;
// Announce the start of the transaction from inside it, so the kill lands half way.
const transaction = driver.transaction.bind(driver);
driver.transaction = (body, options) =>
  transaction(async (tx) => {
    process.stdout.write("recording\n");
    return body(tx);
  }, options);
await checkAndRecord(store, { compiled, bundle: { sources }, now, snapshots });
process.stdout.write("done\n");
await store.close();
