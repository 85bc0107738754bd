/**
 * Reading Hexnode's user and device lists for the directory: whole lists indexed (users by email, devices by
 * user), or one user's devices, reading pages concurrently (within the directory's limiter) and stopping early
 * once every device of that user was seen.
 */
import type { HexnodeClient } from '../client/client.js';
import type { Limiter } from '../concurrency.js';
import type { HexnodeDevice, HexnodePage, HexnodeUser } from '../hexnode/types.js';
import { normalizeEmail } from './email.js';
import { readAllPages } from './pages.js';

/** The users list by normalized email, and when it was read. */
export interface UsersIndex {
  byEmail: Map<string, HexnodeUser[]>;
  at: number;
}

/** The devices list by user id, and when it was read. */
export interface DevicesIndex {
  byUser: Map<number, HexnodeDevice[]>;
  at: number;
}

/** What a whole-list read reports as it goes: the list's size once known, and each page read. */
export interface ListProgress {
  onSize?: (pages: number, count: number) => void;
  onPage?: () => void;
}

const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;

/** Items by key, in their order; items without a key are left out. */
function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K | undefined): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === undefined) continue;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

export class ListReader {
  readonly #client: HexnodeClient;
  readonly #perPage: number;
  readonly #limiter: Limiter;
  readonly #now: () => number;

  constructor(client: HexnodeClient, options: { perPage: number; limiter: Limiter; now: () => number }) {
    this.#client = client;
    this.#perPage = options.perPage;
    this.#limiter = options.limiter;
    this.#now = options.now;
  }

  async readUsers(progress: ListProgress = {}): Promise<UsersIndex> {
    const at = this.#now();
    const users = await this.#readList(
      (page) => this.#client.users.getPage(page, { perPage: this.#perPage }),
      undefined,
      undefined,
      progress,
    );
    // null and "" never match
    return { byEmail: groupBy(users, (user) => normalizeEmail(user.email) || undefined), at };
  }

  async readDevices(progress: ListProgress = {}): Promise<DevicesIndex> {
    const at = this.#now();
    const devices = await this.#readList(
      (page) => this.#client.devices.getPage(page, { perPage: this.#perPage }),
      undefined,
      undefined,
      progress,
    );
    return { byUser: groupBy(devices, (device) => device.user?.id), at };
  }

  /**
   * The devices of one user, reading device pages concurrently and stopping once as many were found as
   * the user's `total_devices` says (every page when Hexnode did not say).
   */
  devicesOf(user: HexnodeUser): Promise<HexnodeDevice[]> {
    return this.#readList(
      (page) => this.#client.devices.getPage(page, { perPage: this.#perPage }),
      (device) => device.user?.id === user.id,
      user.totalDevices ?? Number.POSITIVE_INFINITY,
    );
  }

  /**
   * Every item of a list that `keep` accepts, once each, in id order; the read stops early once `enough`
   * were kept.
   */
  async #readList<T extends { id: number }>(
    fetchPage: (page: number) => Promise<HexnodePage<T>>,
    keep: (item: T) => boolean = () => true,
    enough = Number.POSITIVE_INFINITY,
    progress: ListProgress = {},
  ): Promise<T[]> {
    let seen = new Map<number, T>();
    await readAllPages({
      perPage: this.#perPage,
      limiter: this.#limiter,
      fetchPage,
      onItems: (items) => {
        for (const item of items) if (keep(item)) seen.set(item.id, item);
      },
      onRestart: () => {
        seen = new Map();
      },
      shouldStop: () => seen.size >= enough,
      ...progress,
    });
    return [...seen.values()].sort(byId);
  }
}
