// NATS user nkeys with Node's own ed25519 (OpenSSL) instead of the pure-JavaScript one nats.js
// and nkeys use, where a signature or a key derivation costs 15-30 ms of CPU: a process bringing
// up 250 machines at once spent seconds signing while the server's authentication window ran
// out, and `cluster up` for 5,000 machines spent a minute making keys. Here each is well under a
// millisecond. This module proves an identity (signs the server's nonce; the key is built once
// per user) and makes new users; seeds and public keys are encoded and decoded here in the nkey
// format (base32 with a CRC-16), so the slow path never runs. Signatures are byte-identical to
// nats.js's (ed25519 is deterministic) and the tests check every encoding against nkeys itself.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import type { Authenticator } from "@nats-io/transport-node";

/** ASN.1 header of a PKCS#8 ed25519 private key, followed by the 32-byte raw seed. */
const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
/** The nkey version byte of a user's public key ('U'). */
const USER_PUBLIC_PREFIX = 20 << 3;
/** The nkey version byte of a seed ('S'). */
const SEED_PREFIX = 18 << 3;
const BASE32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** CRC-16/XMODEM (polynomial 0x1021, initial 0), the checksum nkeys append. */
export function crc16Xmodem(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/** RFC 4648 base32 without padding, as nkeys write it. */
export function base32NoPadding(bytes: Uint8Array): string {
  let text = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      text += BASE32_ALPHABET[(buffer >>> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) text += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  return text;
}

/** Decodes RFC 4648 base32 without padding; null on a character outside the alphabet. */
export function base32Decode(text: string): Uint8Array | null {
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text) {
    const value = BASE32_ALPHABET.indexOf(char);
    if (value < 0) return null;
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >>> bits) & 0xff);
    }
  }
  return Uint8Array.from(bytes);
}

/** The raw 32-byte ed25519 seed inside a user's nkey seed ("SU..."), its checksum verified. */
export function rawUserSeed(seed: Uint8Array): Uint8Array {
  const decoded = base32Decode(new TextDecoder().decode(seed).trim());
  const bodyLength = 2 + 32;
  if (decoded === null || decoded.length !== bodyLength + 2) throw new Error("not an nkey seed");
  const crc = crc16Xmodem(decoded.subarray(0, bodyLength));
  const stored = decoded[bodyLength]! | (decoded[bodyLength + 1]! << 8);
  // Byte 0 holds the seed prefix and the top of the role byte, byte 1 the rest of it.
  const role = ((decoded[0]! & 7) << 5) | (decoded[1]! >> 3);
  const isSeed = (decoded[0]! & 0xf8) === SEED_PREFIX;
  if (crc !== stored || !isSeed || role !== USER_PUBLIC_PREFIX) throw new Error("not an nkey user seed");
  return decoded.slice(2, bodyLength);
}

/** Prefix bytes, then the payload, then its CRC-16 (little-endian), in base32. */
function encodeNkey(prefix: number[], payload: Uint8Array): string {
  const body = new Uint8Array(prefix.length + payload.length + 2);
  body.set(prefix, 0);
  body.set(payload, prefix.length);
  const crc = crc16Xmodem(body.subarray(0, prefix.length + payload.length));
  body[body.length - 2] = crc & 0xff;
  body[body.length - 1] = crc >>> 8;
  return base32NoPadding(body);
}

/** The public nkey ("U...") of a user's raw 32-byte ed25519 public key. */
export function userPublicNkey(rawPublicKey: Uint8Array): string {
  return encodeNkey([USER_PUBLIC_PREFIX], rawPublicKey);
}

/** The nkey seed ("SU...") of a user's raw 32-byte ed25519 seed. */
export function userSeedNkey(rawSeed: Uint8Array): string {
  return encodeNkey([SEED_PREFIX | (USER_PUBLIC_PREFIX >> 5), (USER_PUBLIC_PREFIX & 31) << 3], rawSeed);
}

function rawPublicKeyOf(privateKey: KeyObject): Uint8Array {
  const spki = createPublicKey(privateKey).export({ format: "der", type: "spki" });
  return spki.subarray(spki.length - 32);
}

/** A new user: its seed (the secret, "SU...") and its public key ("U..."). */
export function createUserKeys(): { seed: Uint8Array; publicKey: string } {
  const { privateKey } = generateKeyPairSync("ed25519");
  const pkcs8 = privateKey.export({ format: "der", type: "pkcs8" });
  const rawSeed = pkcs8.subarray(pkcs8.length - 32);
  const seed = new TextEncoder().encode(userSeedNkey(rawSeed));
  rawSeed.fill(0);
  return { seed, publicKey: userPublicNkey(rawPublicKeyOf(privateKey)) };
}

export interface NkeyIdentity {
  publicKey: string;
  /** The base64 ed25519 signature of `nonce`'s UTF-8 bytes. */
  sign(nonce: string): string;
}

/** A user's identity from its seed ("SU..."); throws on a malformed seed. */
export function nkeyIdentity(seed: Uint8Array): NkeyIdentity {
  const rawSeed = rawUserSeed(seed);
  const privateKey: KeyObject = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, Buffer.from(rawSeed)]),
    format: "der",
    type: "pkcs8",
  });
  rawSeed.fill(0);
  const publicKey = userPublicNkey(rawPublicKeyOf(privateKey));
  return {
    publicKey,
    sign: (nonce) => sign(null, Buffer.from(nonce, "utf8"), privateKey).toString("base64"),
  };
}

/** A nats.js Authenticator for the user whose seed this is. */
export function fastNkeyAuthenticator(seed: Uint8Array): Authenticator {
  const identity = nkeyIdentity(seed);
  return (nonce?: string) => ({
    nkey: identity.publicKey,
    sig: nonce === undefined || nonce === "" ? "" : identity.sign(nonce),
  });
}
