// Typed protocol errors: every rejection of input from the network carries a stable code and a
// human message that says what was wrong and what was expected.

export const PROTOCOL_ERROR_CODES = [
  "BAD_LENGTH",
  "FRAME_TOO_LARGE",
  "BAD_UTF8",
  "BAD_JSON",
  "UNKNOWN_TYPE",
  "INVALID_FIELD",
  "HELLO_REQUIRED",
  "ALREADY_HELLO",
  "PROTOCOL_VERSION",
  "BAD_TOKEN",
  "DUPLICATE_ID",
  "UNKNOWN_ID",
  "RUN_FULL",
  "NOT_STARTED",
] as const;
export type ProtocolErrorCode = (typeof PROTOCOL_ERROR_CODES)[number];

export class ProtocolError extends Error {
  override readonly name = "ProtocolError";
  constructor(
    readonly code: ProtocolErrorCode,
    message: string,
  ) {
    super(message);
  }
}
