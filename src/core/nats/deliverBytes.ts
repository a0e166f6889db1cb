// The deliver frame a sender edge publishes, as UTF-8 bytes straight from the deliver frame's one
// table (../logFormat/deliverFrameFormat.ts): the same bytes as deliverFrameJson's text, without
// building the string and encoding it again for the socket. The byte encoder ends its line with a
// newline, which is not part of the payload.
import { type ByteEncoder, compileByteEncoder } from "../logFormat/compileByteEncoder.ts";
import { DELIVER_FRAME } from "../logFormat/deliverFrameFormat.ts";
import type { DeliverFrame } from "../protocol.ts";

export const DELIVER_FRAME_BYTES: ByteEncoder<DeliverFrame> = compileByteEncoder(
  DELIVER_FRAME,
  "deliverFrameBytes",
);
