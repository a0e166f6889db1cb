// Errors that are the user's or the environment's to fix (a bad flag or config value, an
// unreachable router, a directory that is not a run, a full disk): every layer throws them, and
// the command line prints the message alone, with no stack trace, and exits with `exitCode`.

export class UserError extends Error {
  override readonly name = "UserError";
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.exitCode = exitCode;
  }
}
