// Lamport clock rules: a local event or send advances by one; a receive jumps past the message.

export function lamportLocal(current: number): number {
  return current + 1;
}

export function lamportReceive(current: number, messageLamport: number): number {
  return Math.max(current, messageLamport) + 1;
}
