/**
 * The default anchor on Node: each head is appended to a file as one JSON line (`{"seq":…,"hash":"…","at":"…"}`).
 * The file only grows; make it append-only for the database's writers (`chattr +a`, a separate account, a
 * volume shipped to a log service) so that whoever can edit the database cannot rewrite the heads too.
 */
import { closeSync, mkdirSync, openSync, readSync, fstatSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AnchoredHead, AuditAnchor, AuditHead } from '../audit/anchor.js';

/** How much of the file's end `latest()` reads: many times the longest line. */
const TAIL_BYTES = 4096;

function parseHead(line: string): AuditHead | null {
  try {
    const value = JSON.parse(line) as Partial<AuditHead>;
    if (Number.isSafeInteger(value.seq) && (value.seq as number) > 0 && typeof value.hash === 'string') {
      return { seq: value.seq as number, hash: value.hash };
    }
  } catch {
    // A torn last line (the process died mid-write): the line before it is the latest whole head.
  }
  return null;
}

/** Reads the newest whole head from the end of the file; null when the file is missing or holds none. */
function readLatest(path: string): AuditHead | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    const lines = buffer.toString('utf8').split('\n');
    for (let index = lines.length - 1; index >= 0; index--) {
      const head = parseHead(lines[index]!.trim());
      if (head) return head;
    }
    return null;
  } finally {
    closeSync(fd);
  }
}

/** An anchor that appends each head to `path` (its folder is created if missing) and reads the newest back. */
export function createFileAnchor(path: string): AuditAnchor & { latest(): Promise<AuditHead | null> } {
  if (typeof path !== 'string' || path === '') throw new TypeError('createFileAnchor needs a file path.');
  let folderReady = false;
  return {
    async write(head: AnchoredHead) {
      if (!folderReady) {
        mkdirSync(dirname(path), { recursive: true });
        folderReady = true;
      }
      const line = `${JSON.stringify({ seq: head.seq, hash: head.hash, at: head.at })}\n`;
      await appendFile(path, line, { flag: 'a', mode: 0o600 });
    },
    async latest() {
      return readLatest(path);
    },
  };
}
