// Errors that are the user's to fix (bad flag, bad config, unreachable router, not a run
// directory): the CLI prints the message alone, with no stack trace, and exits with code 2.

export class UserError extends Error {
  override readonly name = "UserError";
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.exitCode = exitCode;
  }
}
