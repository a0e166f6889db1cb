// The NATS subjects of a run, in one place: the machines' message subjects, the coordinator's
// request subjects and the control subject, and the publish/subscribe permissions of each user.
// Every subject a machine may publish on carries its own id, so the server's permissions make a
// sender's id authentic: a machine cannot speak for another.
//
//   clocklab.<run>.to.<dest>.<sender>     a message for one machine (SEND_FIRST, SEND_SECOND, DIRECT)
//   clocklab.<run>.all.<sender>           a broadcast, fanned out by the server to every machine
//   clocklab.<run>.coord.<sender>.<verb>  a request to the coordinator (hello, done, ...)
//   clocklab.<run>.ctl                    the coordinator's announcements to every machine (end, ...)
//
// NATS separates tokens with "." and treats "*" and ">" as wildcards, so run and machine tokens
// are restricted to letters, digits, "_" and "-".

export const SUBJECT_ROOT = "clocklab";
export const SUBJECT_TOKEN_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** A run id as a subject token: characters NATS would misread become "_". */
export function runToken(runId: string): string {
  const token = runId.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 64);
  return token === "" ? "_" : token;
}

export function isSubjectToken(text: string): boolean {
  return SUBJECT_TOKEN_PATTERN.test(text);
}

export function directSubject(run: string, to: string, from: string): string {
  return `${SUBJECT_ROOT}.${run}.to.${to}.${from}`;
}

export function broadcastSubject(run: string, from: string): string {
  return `${SUBJECT_ROOT}.${run}.all.${from}`;
}

export function coordinatorSubject(run: string, from: string, verb: string): string {
  return `${SUBJECT_ROOT}.${run}.coord.${from}.${verb}`;
}

export function controlSubject(run: string): string {
  return `${SUBJECT_ROOT}.${run}.ctl`;
}

/** What a machine subscribes to in a run: messages for it, every broadcast, the control subject. */
export function machineSubscriptions(run: string, id: string): string[] {
  return [`${SUBJECT_ROOT}.${run}.to.${id}.*`, `${SUBJECT_ROOT}.${run}.all.*`, controlSubject(run)];
}

const ROOT_PREFIX = `${SUBJECT_ROOT}.`;

/**
 * The sender id a machine subject carries (its last token), or null for another subject:
 * `clocklab.<run>.to.<dest>.<sender>` or `clocklab.<run>.all.<sender>`, tokens found by their dots
 * (one per message received: no array of tokens).
 */
export function senderOf(subject: string): string | null {
  if (!subject.startsWith(ROOT_PREFIX)) return null;
  const afterRun = subject.indexOf(".", ROOT_PREFIX.length);
  if (afterRun < 0) return null;
  const afterVerb = subject.indexOf(".", afterRun + 1);
  if (afterVerb < 0) return null;
  const verbChars = afterVerb - afterRun - 1;
  if (verbChars === 2 && subject.startsWith("to", afterRun + 1)) {
    const afterDest = subject.indexOf(".", afterVerb + 1);
    if (afterDest < 0 || subject.indexOf(".", afterDest + 1) >= 0) return null;
    return subject.slice(afterDest + 1);
  }
  if (verbChars === 3 && subject.startsWith("all", afterRun + 1)) {
    if (subject.indexOf(".", afterVerb + 1) >= 0) return null;
    return subject.slice(afterVerb + 1);
  }
  return null;
}

export interface SubjectPermissions {
  publish: string[];
  subscribe: string[];
}

/**
 * A machine's server permissions, for every run on the cluster: it publishes only subjects that
 * end in (or, for the coordinator, carry) its own id, and subscribes only to what is meant for it.
 * `_INBOX.>` carries the coordinator's replies to its requests.
 */
export function machinePermissions(id: string): SubjectPermissions {
  return {
    publish: [
      `${SUBJECT_ROOT}.*.to.*.${id}`,
      `${SUBJECT_ROOT}.*.all.${id}`,
      `${SUBJECT_ROOT}.*.coord.${id}.*`,
    ],
    subscribe: [
      `${SUBJECT_ROOT}.*.to.${id}.*`,
      `${SUBJECT_ROOT}.*.all.*`,
      `${SUBJECT_ROOT}.*.ctl`,
      "_INBOX.>",
    ],
  };
}

/** The coordinator answers requests and announces on the control subject; it sends no messages. */
export function coordinatorPermissions(): SubjectPermissions {
  return {
    publish: [`${SUBJECT_ROOT}.*.ctl`, "_INBOX.>"],
    subscribe: [`${SUBJECT_ROOT}.*.coord.>`, `${SUBJECT_ROOT}.*.to.>`, `${SUBJECT_ROOT}.*.all.>`],
  };
}
