/**
 * The demo's signed-out sessions: the ids of sessions that were signed out, each kept until its session would have
 * expired anyway, in memory or in a JSON file that several instances on one data folder share.
 */
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';

/**
 * Session ids that were signed out, each kept until its session would have expired anyway. A signed cookie
 * cannot be taken back from whoever holds a copy, so reading a session checks this list.
 */
export interface RevokedSessions {
  has(sid: string): boolean;
  /** Remembers `sid` as signed out until `exp` (seconds since the epoch). */
  add(sid: string, exp: number): void;
}

/** Keeps signed-out session ids in memory only: a restart forgets them. */
export class MemoryRevokedSessions implements RevokedSessions {
  protected readonly entries = new Map<string, number>();
  readonly #now: () => number;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  has(sid: string): boolean {
    const exp = this.entries.get(sid);
    return exp !== undefined && exp * 1000 > this.#now();
  }

  add(sid: string, exp: number): void {
    this.prune();
    if (exp * 1000 > this.#now()) this.entries.set(sid, exp);
  }

  /** Drops the ids whose sessions have expired anyway. */
  protected prune(): void {
    const now = this.#now();
    for (const [sid, exp] of this.entries) if (exp * 1000 <= now) this.entries.delete(sid);
  }
}

/**
 * Keeps signed-out session ids in a JSON file (`{ "<sid>": <exp>, ... }`), rewritten on each sign-out, so
 * a restart does not bring a signed-out cookie back. A missing file is an empty list; an unreadable one
 * is an error rather than silently forgetting sign-outs. Each sign-out merges the file's ids first, so instances
 * sharing the file (`npm run start:cluster`) never write away each other's sign-outs, and each check reads the
 * file again once it changed, so a cookie signed out on one instance stops working on the other at once.
 */
export class FileRevokedSessions extends MemoryRevokedSessions {
  readonly #path: string;
  /** The file's modification time and size when it was last read ('' before the first read). */
  #readStamp = '';

  constructor(options: { path: string; now?: () => number }) {
    super(options);
    this.#path = options.path;
    this.#load();
  }

  override has(sid: string): boolean {
    if (this.#stamp() !== this.#readStamp) this.#load();
    return super.has(sid);
  }

  #stamp(): string {
    if (!existsSync(this.#path)) return '';
    const { mtimeMs, size } = statSync(this.#path);
    return `${mtimeMs}:${size}`;
  }

  #load(): void {
    const stamp = this.#stamp();
    if (stamp === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.#path, 'utf8'));
    } catch (error) {
      throw new Error(`cannot read the signed-out sessions in ${this.#path}: it is not JSON.`, {
        cause: error,
      });
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error(
        `cannot read the signed-out sessions in ${this.#path}: expected an object of session ids.`,
      );
    }
    for (const [sid, exp] of Object.entries(parsed)) if (typeof exp === 'number') this.entries.set(sid, exp);
    this.prune();
    this.#readStamp = stamp;
  }

  override add(sid: string, exp: number): void {
    this.#load();
    super.add(sid, exp);
    const temporary = `${this.#path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(Object.fromEntries(this.entries)), { mode: 0o600 });
    renameSync(temporary, this.#path);
  }
}
