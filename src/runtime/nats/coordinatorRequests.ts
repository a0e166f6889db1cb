// A machine's requests to its run's coordinator over NATS (hello, the start, done, bye): each is a
// NATS request on `coord.<machine>.<verb>`, retried while no coordinator listens yet ("no
// responders") or a reply is slow, until a deadline; then a UserError that names the subject, the
// servers and what should have answered.
import { randomBytes } from "node:crypto";
import { headers, type NatsConnection, NoRespondersError, TimeoutError } from "@nats-io/transport-node";
import { REQUEST_ID_HEADER } from "../../core/nats/answeredRequests.ts";
import type { CoordinatorVerb } from "../../core/nats/messages.ts";
import { coordinatorSubject } from "../../core/nats/subjects.ts";
import { UserError } from "../../core/userError.ts";

/** How long one request waits for its reply before it is sent again. */
const ATTEMPT_TIMEOUT_MS = 2000;
const RETRY_DELAY_MS = 100;

export interface CoordinatorRequestsOptions {
  connection: NatsConnection;
  run: string;
  runId: string;
  id: string;
  urls: readonly string[];
}

export class CoordinatorRequests {
  readonly #options: CoordinatorRequestsOptions;
  #closed = false;
  /** Names this link's requests apart from an earlier process's (a restart is a new hello). */
  readonly #incarnation = randomBytes(9).toString("base64url");
  #nextRequest = 1;

  constructor(options: CoordinatorRequestsOptions) {
    this.#options = options;
  }

  /** Stops every retry loop (the machine is done with the coordinator). */
  close(): void {
    this.#closed = true;
  }

  /**
   * Sends `body` on the verb's subject and resolves with the reply's text; retries until
   * `deadlineMs` (host time). Resolves null if closed meanwhile.
   */
  async request(
    verb: CoordinatorVerb,
    body: unknown,
    deadlineMs: number,
    attemptMs = ATTEMPT_TIMEOUT_MS,
  ): Promise<string | null> {
    const { connection, run, id } = this.#options;
    const subject = coordinatorSubject(run, id, verb);
    const data = JSON.stringify(body);
    // Every attempt of one request carries the same id, so the coordinator answers a repeat
    // with the answer it already gave instead of taking it twice.
    const requestHeaders = verb === "start" ? undefined : headers();
    requestHeaders?.set(REQUEST_ID_HEADER, `${this.#incarnation}.${this.#nextRequest++}`);
    let last = "no attempt";
    while (!this.#closed) {
      const remainingMs = deadlineMs - Date.now();
      try {
        const reply = await connection.request(subject, data, {
          timeout: Math.max(50, Math.min(attemptMs, remainingMs)),
          ...(requestHeaders !== undefined ? { headers: requestHeaders } : {}),
        });
        return reply.string();
      } catch (error) {
        if (error instanceof NoRespondersError || hasNoResponders(error)) last = "no coordinator listens";
        else if (error instanceof TimeoutError || isTimeout(error)) last = "no reply in time";
        else if (this.#closed) return null;
        else last = (error as Error).message;
      }
      if (Date.now() + RETRY_DELAY_MS >= deadlineMs) break;
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
    }
    if (this.#closed) return null;
    throw new UserError(
      `no coordinator answered ${verb} for run ${this.#options.runId} on ${subject} at ${this.#options.urls.join(", ")} ` +
        `(${last}); expected \`clocklab coordinator --transport nats --name ${this.#options.runId}\` ` +
        "(or `clocklab run --transport nats`) to be running on the same cluster",
    );
  }
}

function hasNoResponders(error: unknown): boolean {
  const check = (error as { isNoResponders?: () => boolean }).isNoResponders;
  return typeof check === "function" && check.call(error) === true;
}

function isTimeout(error: unknown): boolean {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof TimeoutError;
}
