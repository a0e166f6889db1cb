// The watch server's guards. The page is read-only and served to this host only, unless a
// --host is given with a token: then every request must carry the token (once in the URL, then
// in an HttpOnly cookie). Host headers are checked against DNS rebinding, WebSocket origins
// against other sites, and every response carries a Content-Security-Policy: the page runs its
// own bundled script only and can talk only to this server.
import type { IncomingMessage, ServerResponse } from "node:http";
import { constantTimeEqual } from "../../core/constantTime.ts";

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

export const TOKEN_COOKIE = "clocklab_watch_token";
const LOCAL_HOSTNAMES = new Set(["127.0.0.1", "localhost", "[::1]"]);

export interface Guard {
  /** Only this host may be named in Host headers (null: any, when a token guards instead). */
  localOnly: boolean;
  token: string | null;
}

export function setSecurityHeaders(response: ServerResponse): void {
  response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
  response.setHeader("X-Content-Type-Options", "nosniff");
  response.setHeader("Referrer-Policy", "no-referrer");
  response.setHeader("X-Frame-Options", "DENY");
  response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  response.setHeader("Cross-Origin-Resource-Policy", "same-origin");
}

function hostnameOf(hostHeader: string | undefined): string | null {
  if (hostHeader === undefined) return null;
  const match = /^(\[[^\]]+\]|[^:]+)(?::\d+)?$/.exec(hostHeader);
  return match === null ? null : match[1]!.toLowerCase();
}

/** Whether the Host header names this machine (a page of another site rebinding DNS does not). */
export function hostAllowed(guard: Guard, request: IncomingMessage): boolean {
  if (!guard.localOnly) return true;
  const hostname = hostnameOf(request.headers.host);
  return hostname !== null && LOCAL_HOSTNAMES.has(hostname);
}

/** Whether a WebSocket's Origin is this server's own page (browsers always send one). */
export function originAllowed(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true; // not a browser: the token (if any) still applies
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

function cookieToken(request: IncomingMessage): string | null {
  const header = request.headers.cookie;
  if (header === undefined) return null;
  for (const part of header.split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === TOKEN_COOKIE) return decodeURIComponent(value.join("="));
  }
  return null;
}

export type TokenCheck = "ok" | "in-url" | "missing";

/** "in-url": the right token came in the query string (set the cookie and drop it from the URL). */
export function checkToken(guard: Guard, request: IncomingMessage, url: URL): TokenCheck {
  if (guard.token === null) return "ok";
  const fromUrl = url.searchParams.get("token");
  if (fromUrl !== null && constantTimeEqual(fromUrl, guard.token)) return "in-url";
  const fromCookie = cookieToken(request);
  if (fromCookie !== null && constantTimeEqual(fromCookie, guard.token)) return "ok";
  return "missing";
}

export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
}
