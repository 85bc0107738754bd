/**
 * The directory index's snapshot as stored bytes: JSON, deflated (raw deflate, level 1: a 50,000-user /
 * 80,000-device portal's snapshot shrinks about sevenfold in tens of milliseconds; see docs/budget.md). Shared by
 * the SQLite and PostgreSQL stores; Node only (node:zlib), so core stays on Web APIs.
 */
import { deflateRawSync, inflateRawSync, constants } from 'node:zlib';
import type { DirectorySnapshot } from '@hexnode-offboard/core';

export function encodeSnapshot(snapshot: DirectorySnapshot): Buffer {
  return deflateRawSync(JSON.stringify(snapshot), { level: constants.Z_BEST_SPEED });
}

/** The snapshot, or `undefined` when the bytes are not one (core checks the outline before it trusts it). */
export function decodeSnapshot(bytes: Uint8Array): DirectorySnapshot | undefined {
  try {
    return JSON.parse(inflateRawSync(bytes).toString('utf8')) as DirectorySnapshot;
  } catch {
    return undefined;
  }
}
