/** The headers every page of the demo carries, and the Origin check its forms and token route rely on. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

export const PAGE_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

export function setPageHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(PAGE_HEADERS)) res.setHeader(name, value);
}

/**
 * Whether a state-changing request comes from one of the HRMS's own origins. Without an Origin header, only a
 * same-origin navigation from a browser that says so.
 */
export function fromOrigins(req: IncomingMessage, origins: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (typeof origin === 'string') return origins.includes(origin);
  return req.headers['sec-fetch-site'] === 'same-origin';
}
