// `clocklab client`: runs one model machine (or several with --ids) against a router. Flags only;
// the work is loaded when it runs.
import { type Command, Option } from "@commander-js/extra-typings";
import { addConfigFlags } from "../config/addConfigFlags.ts";

export function addClientCommand(program: Command): void {
  const command = program
    .command("client")
    .description("run a model machine that connects to a router")
    .option("--id <id>", "machine id, e.g. m1")
    .option("--ids <list>", "several machine ids hosted by this process, e.g. m1,m2,m3")
    .option("--router <host:port>", "the router to connect to (default: router.host and router.port)")
    .option("--speed <ticksPerSecond>", "this machine's speed (default: drawn from the run's seed)")
    .option("--connect-timeout <seconds>", "how long to keep trying to reach the router (default: 10)")
    .addOption(
      new Option(
        "--clocks-from-zero",
        "after a restart, start the clocks at zero instead of from the log",
      ).hideHelp(),
    );
  addConfigFlags(command, "client").action(async (options) => {
    const { runClientCommand } = await import("../actions/client.ts");
    await runClientCommand(options);
  });
}
