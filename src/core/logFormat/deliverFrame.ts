// The deliver frame's JSON text, compiled from its one table (deliverFrameFormat.ts): byte for
// byte what JSON.stringify gives for the frame with its keys in wire order, without the generic
// serializer's cost (the router writes one per delivery; profiling put JSON.stringify at a third of
// its time). Strings that need escaping are escaped in place.
import { compileJsonEncoder } from "./compileJsonEncoder.ts";
import { DELIVER_FRAME } from "./deliverFrameFormat.ts";
import type { LineOf } from "./fieldTypes.ts";

/** Every DeliverFrame (the table describes the type; see describes.ts). */
export type DeliverFrameFields = LineOf<typeof DELIVER_FRAME>;

export const deliverFrameJson: (frame: DeliverFrameFields) => string = compileJsonEncoder(
  DELIVER_FRAME,
  "deliverFrameJson",
);
