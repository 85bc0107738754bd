/**
 * The run journal, which is also the audit log: one JSON line per event, each chained to the one before by an
 * HMAC with the plan key, fsynced before the call it announces is made. A line cut short by a kill is dropped
 * on the next open (its call was never made: the line is written before the call).
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import { OffboardError } from './errors.js';
import { canonicalJson, hmac } from './signing.js';

export type JournalEvent =
  | { type: 'run'; planId: string; action: string; author: string; pid: number }
  | { type: 'refused'; devices: { id: number; reason: string }[] }
  | { type: 'intent'; batch: string; devices: number[] }
  | { type: 'sent'; batch: string; devices: number[]; rejected: number[] }
  | { type: 'not_sent'; batch: string; devices: number[]; reason: string }
  | { type: 'uncertain'; batch: string; devices: number[]; reason: string }
  | { type: 'resolved'; acted: number[]; notActed: number[] }
  | { type: 'done'; sent: number; refused: number };

export type JournalEntry = JournalEvent & { seq: number; at: string; prev: string; mac: string };

function parseLines(
  text: string,
  key: string,
  file: string,
  { repair }: { repair: boolean },
): JournalEntry[] {
  const lines = text.split('\n');
  const entries: JournalEntry[] = [];
  let prev = '';
  let offset = 0;
  for (const [index, line] of lines.entries()) {
    const last = index === lines.length - 1;
    if (line === '') {
      offset += 1;
      continue;
    }
    let entry: JournalEntry;
    try {
      entry = JSON.parse(line) as JournalEntry;
    } catch {
      if (last && repair) {
        truncateSync(file, offset); // a line cut short by a kill: its call was never made
        break;
      }
      throw new OffboardError('journal_broken', `${file}: line ${index + 1} is not JSON.`, 3);
    }
    const { mac, ...body } = entry;
    if (entry.prev !== prev || entry.seq !== entries.length + 1 || mac !== hmac(key, canonicalJson(body))) {
      throw new OffboardError(
        'journal_broken',
        `${file}: the chain breaks at line ${index + 1} (edited, reordered or another key).`,
        3,
      );
    }
    entries.push(entry);
    prev = mac;
    offset += Buffer.byteLength(line) + 1;
  }
  return entries;
}

/** Reads and verifies a journal (every line's HMAC and its link to the line before). */
export function readJournal(file: string, key: string): JournalEntry[] {
  if (!existsSync(file)) return [];
  return parseLines(readFileSync(file, 'utf8'), key, file, { repair: false });
}

export class Journal {
  readonly file: string;
  readonly entries: JournalEntry[];
  readonly #key: string;
  readonly #fd: number;
  readonly #now: () => Date;

  constructor(file: string, key: string, now: () => Date = () => new Date()) {
    this.file = file;
    this.#key = key;
    this.#now = now;
    this.entries = existsSync(file)
      ? parseLines(readFileSync(file, 'utf8'), key, file, { repair: true })
      : [];
    this.#fd = openSync(file, 'a', 0o600);
  }

  /** Appends one event and fsyncs it before returning. */
  append(event: JournalEvent): JournalEntry {
    const body = {
      ...event,
      seq: this.entries.length + 1,
      at: this.#now().toISOString(),
      prev: this.entries.at(-1)?.mac ?? '',
    };
    const entry = { ...body, mac: hmac(this.#key, canonicalJson(body)) } as JournalEntry;
    writeSync(this.#fd, `${JSON.stringify(entry)}\n`);
    fsyncSync(this.#fd);
    this.entries.push(entry);
    return entry;
  }

  close(): void {
    closeSync(this.#fd);
  }
}
