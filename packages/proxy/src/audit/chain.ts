/**
 * The audit log is a hash chain: each record's `hash` seals the canonical JSON of the record (its `seq` and
 * the previous record's hash included). With the handler's audit key the seal is HMAC-SHA-256, which nobody
 * without the key can compute: an edited, forged or re-chained record is found. Without a key it is plain
 * SHA-256, which finds accidental edits but not someone who recomputes the chain. See `verifyAuditLog`.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { AuditEntry, AuditRecord, AuditSeal } from '../store/types.js';

/** `prevHash` of the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** The shortest audit key, in bytes (a string key counts its UTF-8 bytes): as long as the HMAC's output. */
export const MIN_AUDIT_KEY_BYTES = 32;

/** JSON with object keys sorted at every level, so that the same record always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const encoded = JSON.stringify(value);
    // JSON.stringify(undefined) is undefined: treat it as null, as JSON.stringify does inside arrays.
    return encoded ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

/** The exact text the chain hashes for one record: everything but `hash`. */
export function auditHashInput(record: AuditEntry & { seq: number; prevHash: string }): string {
  const { hash: _hash, ...rest } = record as AuditRecord;
  return canonicalJson(rest);
}

/**
 * SHA-256 of the text's UTF-8 bytes, as lowercase hex. Synchronous and the same on every runtime
 * (@noble/hashes): Web Crypto's digest is asynchronous and, on Node, a round trip through the thread
 * pool that cost the action path up to 3 ms at p95 for a few microseconds of hashing.
 */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/** The plain (unkeyed) hash of a record, given its place in the chain. Anyone can compute it. */
export function computeAuditHash(record: AuditEntry & { seq: number; prevHash: string }): string {
  return sha256Hex(auditHashInput(record));
}

/** The key's bytes, or a TypeError saying what is wrong with it. */
export function auditKeyBytes(key: string | Uint8Array): Uint8Array {
  const bytes = typeof key === 'string' ? utf8ToBytes(key) : key instanceof Uint8Array ? key : null;
  if (bytes === null || bytes.length < MIN_AUDIT_KEY_BYTES) {
    throw new TypeError(
      `The audit key must be a string or Uint8Array of at least ${MIN_AUDIT_KEY_BYTES} bytes, from a secret store.`,
    );
  }
  return bytes;
}

/** A seal that says whether it is keyed. */
export type ChainSeal = AuditSeal & { readonly keyed: boolean };

/**
 * The seal of a chain: HMAC-SHA-256 (hex) under `key`, or {@link computeAuditHash} without one. The key's
 * inner and outer pads are hashed once, so a record costs the same as a plain hash of it plus two blocks.
 */
export function createAuditSeal(key?: string | Uint8Array): ChainSeal {
  if (key === undefined)
    return Object.assign((record: Parameters<AuditSeal>[0]) => computeAuditHash(record), {
      keyed: false,
    });
  const keyed = hmac.create(sha256, auditKeyBytes(key));
  return Object.assign(
    (record: Parameters<AuditSeal>[0]) =>
      bytesToHex(
        keyed
          .clone()
          .update(utf8ToBytes(auditHashInput(record)))
          .digest(),
      ),
    { keyed: true },
  );
}
