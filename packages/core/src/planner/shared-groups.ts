/**
 * Which devices are shared (members of the configured shared device groups): the `shared_device` warning and
 * the only devices offered `reassign`. Read from Hexnode's device groups, cached for the directory's TTL.
 */
import type { HexnodeClient } from '../client/client.js';
import type { Limiter } from '../concurrency.js';

interface GroupCache {
  ids: Set<number>;
  at: number;
}

export class SharedGroups {
  readonly #client: HexnodeClient;
  readonly #names: string[];
  readonly #now: () => number;
  readonly #ttlMs: number;
  readonly #limiter: Limiter;
  #cache: GroupCache | undefined;
  #loading: Promise<GroupCache> | undefined;

  constructor(
    client: HexnodeClient,
    names: readonly string[],
    options: { now: () => number; ttlMs: number; limiter: Limiter },
  ) {
    this.#client = client;
    this.#names = names.map(groupKey);
    this.#now = options.now;
    this.#ttlMs = options.ttlMs;
    this.#limiter = options.limiter;
  }

  /** The shared devices' ids: cached, or read now when `fresh`. */
  async ids(fresh = false): Promise<Set<number>> {
    if (this.#names.length === 0) return new Set();
    if (!fresh && this.#cache && this.#now() - this.#cache.at < this.#ttlMs) return this.#cache.ids;
    if (fresh) {
      this.#cache = await this.#load();
      return this.#cache.ids;
    }
    this.#loading ??= this.#load().finally(() => {
      this.#loading = undefined;
    });
    this.#cache = await this.#loading;
    return this.#cache.ids;
  }

  async #load(): Promise<GroupCache> {
    const at = this.#now();
    const wanted = new Set(this.#names);
    const groups: number[] = [];
    for await (const group of this.#client.deviceGroups.list({ perPage: 250 })) {
      if (wanted.has(groupKey(group.name))) groups.push(group.id);
    }
    const details = await Promise.all(
      groups.map((id) => this.#limiter.run(() => this.#client.deviceGroups.get(id))),
    );
    return { ids: new Set(details.flatMap((group) => group.devices.map((device) => device.id))), at };
  }
}

function groupKey(name: string): string {
  return name.normalize('NFKC').trim().toLowerCase();
}
