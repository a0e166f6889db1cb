// Whether the router takes a hello, and if not, why: the checks in the order a peer learns of
// them (a second hello, another protocol, a wrong token, an id outside the run, an id already
// connected, a run that is full). Pure: it reads what the router knows and says yes or no.
import { constantTimeEqual } from "../constantTime.ts";
import type { ProtocolErrorCode } from "../errors.ts";
import { type HelloFrame, PROTOCOL_VERSION } from "../protocol.ts";
import { compareIds } from "../routing.ts";
import type { MachineId } from "../types.ts";
import type { RunLifecycle } from "./lifecycle.ts";

export interface HelloContext {
  /** The id this connection already said hello as, if it did. */
  alreadyAs: MachineId | null;
  token: string | undefined;
  allowed: ReadonlySet<MachineId> | undefined;
  connected: (id: MachineId) => boolean;
  lifecycle: RunLifecycle;
  expectedMachines: number;
}

export function helloRefusal(
  hello: HelloFrame,
  context: HelloContext,
): { code: ProtocolErrorCode; message: string } | null {
  const id = hello.id;
  const refuse = (code: ProtocolErrorCode, message: string) => ({ code, message });
  if (context.alreadyAs !== null)
    return refuse("ALREADY_HELLO", `this connection already said hello as ${context.alreadyAs}`);
  if (hello.protocol !== PROTOCOL_VERSION) {
    return refuse(
      "PROTOCOL_VERSION",
      `protocol ${hello.protocol} is not spoken here; expected ${PROTOCOL_VERSION}`,
    );
  }
  const expectedToken = context.token;
  if (
    expectedToken !== undefined &&
    (hello.token === undefined || !constantTimeEqual(hello.token, expectedToken))
  ) {
    return refuse("BAD_TOKEN", "hello carries no token or a wrong one; expected the router's shared token");
  }
  if (context.allowed !== undefined && !context.allowed.has(id)) {
    const expected = [...context.allowed].sort(compareIds).join(", ");
    return refuse("UNKNOWN_ID", `machine ${id} is not part of this run; expected one of ${expected}`);
  }
  if (context.connected(id)) return refuse("DUPLICATE_ID", `machine ${id} is already connected`);
  const lifecycle = context.lifecycle;
  if (lifecycle.isMember(id)) return null;
  if (lifecycle.phase.kind !== "gathering") {
    const members = lifecycle.members;
    return refuse("RUN_FULL", `the run already has its ${members.length} machines (${members.join(", ")})`);
  }
  if (lifecycle.joinedCount >= context.expectedMachines) {
    return refuse(
      "RUN_FULL",
      `the run already has its ${context.expectedMachines} machines (${lifecycle.members.join(", ")})`,
    );
  }
  return null;
}
