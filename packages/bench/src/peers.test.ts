import { expect, it } from "vitest";
import { engines, peerDevices } from "./peers.js";

it("every engine in the benchmark agrees with Tenet on every device", async () => {
  const all = engines();
  const devices = peerDevices(1500);
  let failing = 0;
  for (const d of devices) {
    const tenet = await all["tenet"]!(d);
    if (tenet.length > 0) failing++;
    for (const [name, run] of Object.entries(all))
      expect(await run(d), `${name} on ${JSON.stringify(d)}`).toEqual(tenet);
  }
  expect(failing).toBeGreaterThan(100); // the fleet exercises failures, not only passes
});
