/**
 * The directory index's snapshot as stored bytes: JSON, deflated (raw deflate through the Web API's
 * CompressionStream, so this file runs wherever the main entry does): a 50,000-user / 80,000-device portal's
 * snapshot shrinks about sevenfold (see docs/budget.md). Shared by the SQLite and PostgreSQL stores.
 */
import type { DirectorySnapshot } from '@hexnode-offboard/core';

async function through(
  bytes: Uint8Array,
  transform: CompressionStream | DecompressionStream,
): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export function encodeSnapshot(snapshot: DirectorySnapshot): Promise<Uint8Array> {
  return through(new TextEncoder().encode(JSON.stringify(snapshot)), new CompressionStream('deflate-raw'));
}

/** The snapshot, or `undefined` when the bytes are not one (core checks the outline before it trusts it). */
export async function decodeSnapshot(bytes: Uint8Array): Promise<DirectorySnapshot | undefined> {
  try {
    const json = new TextDecoder().decode(await through(bytes, new DecompressionStream('deflate-raw')));
    return JSON.parse(json) as DirectorySnapshot;
  } catch {
    return undefined;
  }
}
