// The native nkey signer against nkeys itself: the same public key and byte-identical signatures
// for many fresh users, and a malformed seed refused.
import { createAccount, createUser, fromSeed } from "@nats-io/nkeys";
import { describe, expect, it } from "vitest";
import {
  base32NoPadding,
  crc16Xmodem,
  createUserKeys,
  fastNkeyAuthenticator,
  nkeyIdentity,
} from "./nativeNkeys.ts";

describe("nkeyIdentity", () => {
  it("gives the public key and signatures nkeys gives, for 40 fresh users and several nonces", () => {
    for (let user = 0; user < 40; user++) {
      const seed = createUser().getSeed();
      const reference = fromSeed(seed);
      const identity = nkeyIdentity(seed);
      expect(identity.publicKey).toBe(reference.getPublicKey());
      for (const nonce of ["", "x", "pQ9-nonce_0123456789abcdef", `n${user}`.repeat(user + 1)]) {
        const expected = Buffer.from(reference.sign(new TextEncoder().encode(nonce))).toString("base64");
        expect(identity.sign(nonce)).toBe(expected);
      }
    }
  });

  it("answers a server's nonce as nats.js would, and sends no signature without one", () => {
    const seed = createUser().getSeed();
    const auth = fastNkeyAuthenticator(seed);
    const reference = fromSeed(seed);
    expect(auth("abc")).toEqual({
      nkey: reference.getPublicKey(),
      sig: Buffer.from(reference.sign(new TextEncoder().encode("abc"))).toString("base64"),
    });
    expect(auth()).toEqual({ nkey: reference.getPublicKey(), sig: "" });
  });

  it("refuses a seed that is not an nkey seed", () => {
    expect(() => nkeyIdentity(new TextEncoder().encode("SUNOTAREALSEED"))).toThrow();
    const seed = new TextDecoder().decode(createUser().getSeed());
    const flipped = seed.slice(0, 10) + (seed[10] === "A" ? "B" : "A") + seed.slice(11);
    expect(() => nkeyIdentity(new TextEncoder().encode(flipped))).toThrow(/nkey/);
    // An account's seed is a seed, but not a user's.
    expect(() => nkeyIdentity(createAccount().getSeed())).toThrow(/user seed/);
  });

  it("makes new users that nkeys reads as users, with the public key it derives", () => {
    const publicKeys = new Set<string>();
    for (let user = 0; user < 40; user++) {
      const { seed, publicKey } = createUserKeys();
      expect(new TextDecoder().decode(seed)).toMatch(/^SU[A-Z2-7]{56}$/);
      const reference = fromSeed(seed);
      expect(reference.getPublicKey()).toBe(publicKey);
      const signature = reference.sign(new TextEncoder().encode("nonce"));
      expect(reference.verify(new TextEncoder().encode("nonce"), signature)).toBe(true);
      publicKeys.add(publicKey);
    }
    expect(publicKeys.size).toBe(40);
  });

  it("encodes base32 and CRC-16/XMODEM by their standards", () => {
    // RFC 4648 test vectors (without padding) and the XMODEM check value of "123456789".
    expect(
      ["", "f", "fo", "foo", "foob", "fooba", "foobar"].map((t) => base32NoPadding(Buffer.from(t))),
    ).toEqual(["", "MY", "MZXQ", "MZXW6", "MZXW6YQ", "MZXW6YTB", "MZXW6YTBOI"]);
    expect(crc16Xmodem(Buffer.from("123456789"))).toBe(0x31c3);
  });
});
