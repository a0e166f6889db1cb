// Runs the shared network suite against the NATS transport, over a real 3-node nats-server
// cluster started once for this file (apart from network.test.ts, so its start slows no other).
import { afterAll, beforeAll, describe } from "vitest";
import { NO_NATS_SERVER, natsServer } from "../nats/natsServer.ts";
import { networkFaultSuite } from "./faultSuite.ts";
import { natsNetworks } from "./natsAdapter.ts";
import { networkSuite } from "./suite.ts";

const nats = natsNetworks(3);

describe.skipIf(natsServer === null)(natsServer === null ? NO_NATS_SERVER : "over NATS", () => {
  beforeAll(() => nats.start(), 30_000);
  afterAll(() => nats.stop());

  networkSuite("NATS cluster on 127.0.0.1", nats.factory);
  networkFaultSuite("NATS cluster on 127.0.0.1", nats.factory);
});
