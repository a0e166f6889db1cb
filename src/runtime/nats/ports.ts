// TCP ports for local nats-server listeners: ports the user chose, checked before any server starts
// so a taken one is reported by name, and free ones picked by the operating system. All of them are
// held at once while choosing, so no port is handed out twice.
import { createServer, type Server } from "node:net";

export interface PortRequest {
  /** 0 = any free port. */
  port: number;
  /** What the port is for, for the caller's error message (e.g. "client port of n2"). */
  purpose: string;
}

export class PortTakenError extends Error {
  constructor(
    readonly request: PortRequest,
    readonly code: string,
  ) {
    super(`port ${request.port} (${request.purpose}) cannot be bound: ${code}`);
  }
}

function listen(host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen({ host, port }, () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** The ports, in request order: the chosen ones checked, the free ones picked; a PortTakenError otherwise. */
export async function reservePorts(host: string, requests: PortRequest[]): Promise<number[]> {
  const held: Server[] = [];
  try {
    for (const request of [...requests].sort((a, b) => b.port - a.port)) {
      try {
        held.push(await listen(host, request.port));
      } catch (error) {
        throw new PortTakenError(request, (error as NodeJS.ErrnoException).code ?? String(error));
      }
    }
    const ports = held.map((server) => (server.address() as { port: number }).port);
    const sorted = [...requests].sort((a, b) => b.port - a.port);
    return requests.map((request) => ports[sorted.indexOf(request)]!);
  } finally {
    await Promise.all(held.map(close));
  }
}
