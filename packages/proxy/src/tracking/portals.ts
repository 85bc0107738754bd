/**
 * Which portal a tracker is checked on. A tracker records a digest of its connection (portal or base URL and
 * API key; never the key itself), and a runner can check it only through a connection this process has
 * resolved for a request: `hexnode` may be a function of the request, so after a restart a tracker waits until a
 * request (a preview, an action, or a poll of that action) resolves its portal again.
 */
import type { HexnodeConnections, HexnodeSide } from '../handler/hexnode.js';

/** The digest naming one connection: SHA-256 over its target and key, hex. */
export async function portalKeyOf(connection: {
  portal?: string;
  baseUrl?: string;
  apiKey: string;
}): Promise<string> {
  const text = JSON.stringify([
    'hexnode-offboard:portal',
    connection.portal ?? null,
    connection.baseUrl ?? null,
    connection.apiKey,
  ]);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The sides this process has resolved, by portal digest. */
export async function knownPortals(connections: HexnodeConnections): Promise<Map<string, HexnodeSide>> {
  const known = new Map<string, HexnodeSide>();
  for (const side of connections.sides()) known.set(await side.portalKey, side);
  return known;
}
