// `clocklab cluster up|down|config`: a NATS cluster for the NATS transport, local (started and
// stopped here) or for several hosts (files to copy). Flags only; the work is loaded when it runs.
import type { Command } from "@commander-js/extra-typings";
import { DEFAULT_CLUSTER_DIR } from "../../runtime/nats/defaultClusterDir.ts";

export { DEFAULT_CLUSTER_DIR };

export function addClusterCommand(program: Command): void {
  const cluster = program
    .command("cluster")
    .description(
      "a NATS cluster for --transport nats: start and stop one locally, or write configs for hosts",
    );

  cluster
    .command("up")
    .description("start a local nats-server cluster on 127.0.0.1 with one nkey user per machine")
    .option("--nodes <n>", "number of nats-server nodes", "3")
    .option("--machines <n>", "machines to write credentials for (m1..mN)", "3")
    .option("--dir <dir>", "directory for configs, credentials, logs and cluster.json", DEFAULT_CLUSTER_DIR)
    .option("--nats-server <path>", "the nats-server executable (default: found on PATH or in /usr/sbin)")
    .option("--port <n>", "first client port, one per node upwards (default: free ports)")
    .option("--route-port <n>", "first cluster-route port (default: free ports)")
    .option("--monitor-port <n>", "first monitoring (HTTP) port (default: free ports)")
    .option("--timeout <seconds>", "how long to wait for every node and route", "10")
    .action(async (options) => {
      const { runClusterUp } = await import("../actions/cluster.ts");
      await runClusterUp(options);
    });

  cluster
    .command("down")
    .description("stop the local cluster in --dir by process id")
    .option("--dir <dir>", "the directory `cluster up` wrote", DEFAULT_CLUSTER_DIR)
    .option("--timeout <seconds>", "how long to wait after SIGTERM before SIGKILL", "5")
    .action(async (options) => {
      const { runClusterDown } = await import("../actions/cluster.ts");
      await runClusterDown(options);
    });

  cluster
    .command("config")
    .description("write server configs and credentials for a cluster on several hosts, to copy to each host")
    .requiredOption("--servers <hosts>", "one nats-server per host, e.g. host1,host2,host3")
    .option("--machines <n>", "machines to write credentials for (m1..mN)", "3")
    .option("--dir <dir>", "directory to write", DEFAULT_CLUSTER_DIR)
    .option("--port <n>", "client port on every host", "4222")
    .option("--route-port <n>", "cluster-route port on every host", "6222")
    .option("--monitor-port <n>", "monitoring port (127.0.0.1 only) on every host", "8222")
    .action(async (options) => {
      const { runClusterConfig } = await import("../actions/cluster.ts");
      await runClusterConfig(options);
    });
}
