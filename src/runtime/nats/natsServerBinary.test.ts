// Finding nats-server: a missing one is explained with how to install it or where to point
// --nats-server, as a UserError (exit 2).
import { describe, expect, it } from "vitest";
import { UserError } from "../../core/userError.ts";
import { findNatsServer } from "./natsServerBinary.ts";

describe("findNatsServer", () => {
  it("says how to install nats-server when it is on no search path", () => {
    const find = () => findNatsServer(undefined, ["/nonexistent-dir"]);
    expect(find).toThrow(UserError);
    expect(find).toThrow(/nats-server not found .*apt-get install nats-server.*--nats-server PATH/);
  });

  it("names the --nats-server path that holds no executable", () => {
    expect(() => findNatsServer("/nonexistent/nats-server")).toThrow(
      /--nats-server \/nonexistent\/nats-server: no executable file there.*apt-get install nats-server/,
    );
  });
});
