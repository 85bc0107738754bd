/**
 * The default anchor on Node: each head is appended to a file as one JSON line (`{"seq":…,"hash":"…","at":"…"}`).
 * The file only grows; make it append-only for the database's writers (`chattr +a`, a separate account, a
 * volume shipped to a log service) so that whoever can edit the database cannot rewrite the heads too.
 */
import { mkdirSync } from 'node:fs';
import { appendFile, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AnchoredHead, AuditAnchor, AuditHead } from '../audit/anchor.js';

function parseHead(line: string): AuditHead | null {
  try {
    const value = JSON.parse(line) as Partial<AuditHead>;
    if (Number.isSafeInteger(value.seq) && (value.seq as number) > 0 && typeof value.hash === 'string') {
      return { seq: value.seq as number, hash: value.hash };
    }
  } catch {
    // A torn line (the process died mid-write) or junk: not a head.
  }
  return null;
}

/**
 * The head with the highest `seq` in the file (null when the file is missing or holds none). The highest, not
 * the last: someone who may only append could add an old head, or junk, after the real ones; an old head must
 * not make a shorter log look complete.
 */
async function readLatest(path: string): Promise<AuditHead | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let latest: AuditHead | null = null;
  for (const line of text.split('\n')) {
    const head = parseHead(line.trim());
    if (head && (latest === null || head.seq > latest.seq)) latest = head;
  }
  return latest;
}

/** An anchor that appends each head to `path` (its folder is created if missing) and reads the highest back. */
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
    latest: () => readLatest(path),
  };
}
