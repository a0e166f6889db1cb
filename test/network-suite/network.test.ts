// Runs the shared network suite against every network: the simulated one (with constant and with
// exponential latency, which would reorder a link without the in-order rule) and the TCP router.
// The NATS transport runs it in network-nats.test.ts, so its cluster's start slows nothing here.

import { networkFaultSuite } from "./faultSuite.ts";
import { simNetworkFactory } from "./simAdapter.ts";
import { networkSuite } from "./suite.ts";
import { tcpNetworkFactory } from "./tcpAdapter.ts";

networkSuite(
  "simulated (constant latency)",
  simNetworkFactory({ distribution: "constant", meanMs: 1, minMs: 0, maxMs: 2 }),
);
networkSuite(
  "simulated (exponential latency)",
  simNetworkFactory({ distribution: "exponential", meanMs: 5, minMs: 0, maxMs: 2 }),
);
networkSuite("TCP router on 127.0.0.1", tcpNetworkFactory);

networkFaultSuite(
  "simulated",
  simNetworkFactory({ distribution: "constant", meanMs: 1, minMs: 0, maxMs: 2 }),
);
networkFaultSuite("TCP router on 127.0.0.1", tcpNetworkFactory);
