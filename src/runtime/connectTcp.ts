// Opens a TCP connection, retrying with backoff until a deadline, so a machine started a moment
// before its router still finds it. Gives up with a UserError that names the address.
import { connect, type Socket } from "node:net";
import { UserError } from "../core/userError.ts";

export interface ConnectOptions {
  host: string;
  port: number;
  timeoutMs: number;
  /** Checked before each retry: true stops trying (the caller no longer needs the connection). */
  shouldGiveUp?: () => boolean;
  /** Called before each retry with the error that made it necessary. */
  onRetry?: (error: NodeJS.ErrnoException, attempt: number) => void;
}

export async function connectWithRetry(options: ConnectOptions): Promise<Socket> {
  const deadline = Date.now() + options.timeoutMs;
  let delayMs = 50;
  for (let attempt = 1; ; attempt++) {
    try {
      return await connectOnce(options.host, options.port);
    } catch (error) {
      const errno = error as NodeJS.ErrnoException;
      if (Date.now() + delayMs > deadline || options.shouldGiveUp?.() === true) {
        throw new UserError(
          `cannot reach the router at ${options.host}:${options.port} (${errno.code ?? errno.message}) ` +
            `after ${(options.timeoutMs / 1000).toFixed(0)} s; expected a running \`clocklab router\` there ` +
            "(set it with --router HOST:PORT)",
        );
      }
      options.onRetry?.(errno, attempt);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      delayMs = Math.min(delayMs * 2, 1000);
    }
  }
}

function connectOnce(host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, noDelay: true });
    const onError = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.once("error", onError);
    socket.once("connect", () => {
      socket.off("error", onError);
      resolve(socket);
    });
  });
}
