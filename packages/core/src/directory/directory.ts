/**
 * Email -> Hexnode user -> devices. Hexnode has no email filter and no per-user device filter, so the
 * directory reads the lists, as few times and as concurrently as it can, and keeps an index.
 */
import type { HexnodeClient } from '../client/client.js';
import { MAX_PER_PAGE } from '../client/paging.js';
import { checkConcurrency, Limiter } from '../concurrency.js';
import { HexnodeInvalidResponseError, HexnodeNotFoundError } from '../errors.js';
import type { HexnodeDevice, HexnodeDeviceDetail, HexnodeOwnership, HexnodeUser } from '../hexnode/types.js';
import { normalizeEmail } from './email.js';
import type { DirectoryIndexStore } from './index-store.js';
import { IndexKeeper, type DirectoryIndex, type DirectoryIndexState } from './index-keeper.js';
import { ListReader, type UsersIndex } from './list-reader.js';
import { OwnershipIndex } from './ownership.js';

/** What a lookup found. A value, not an exception: each case deserves its own message. */
export type LookupResult =
  | { status: 'found'; user: HexnodeUser; devices: HexnodeDevice[] }
  | { status: 'not_found' }
  | { status: 'ambiguous'; users: HexnodeUser[] };

export interface OwnershipCheck {
  /** True when the device's current user has this email. */
  owned: boolean;
  /** The freshly read detail; absent when the device no longer exists. */
  device?: HexnodeDeviceDetail;
}

export interface HexnodeDirectoryOptions {
  /**
   * The shortest refresh interval of the index. Default 5 minutes. The interval used is derived from the
   * portal's size and the request budget (`indexState().refreshIntervalMs`, see docs/budget.md), never shorter.
   */
  ttlMs?: number;
  /** Where the index is kept between runs: loaded on first use (no list read while fresh), saved after each build. */
  indexStore?: DirectoryIndexStore;
  /** The portal's name in `indexStore` (never the API key). Default: the client budget's key, the API root. */
  key?: string;
  /** Most Hexnode requests in flight at once, to stay inside a rate limit. Default 4. */
  concurrency?: number;
  /** Page size for list reads, 1-250. Default 250 (fewest requests). */
  perPage?: number;
  /**
   * How long a device's ownership (read from its detail) is remembered for previews. Default 1 hour.
   * Actions never use it: they re-read each device.
   */
  ownershipTtlMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

export const DEFAULT_TTL_MS = 5 * 60_000;
export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_OWNERSHIP_TTL_MS = 60 * 60_000;

/**
 * Resolves HR emails to Hexnode users and their devices.
 *
 * - Cold (nothing cached): reads every user page (it cannot know an email is unique before it has seen
 *   all users), concurrently, then the device pages only until it has as many of the user's devices as the
 *   user's `total_devices` says. Not found, ambiguous and zero-device users need no device page at all.
 * - Warm (after {@link warm}, or with an index loaded from `indexStore`): lookups answer from the index; once
 *   it is older than its refresh interval, a lookup starts a refresh in the background (priority `index`)
 *   and keeps answering from the previous index until the new one is built and saved.
 * - Before a destructive action, {@link verifyOwnership} re-reads the one device.
 */
export class HexnodeDirectory {
  readonly ttlMs: number;
  readonly concurrency: number;
  readonly #client: HexnodeClient;
  readonly #now: () => number;
  readonly #limiter: Limiter;
  readonly #ownership: OwnershipIndex;
  readonly #lists: ListReader;
  readonly #index: IndexKeeper;
  #users: UsersIndex | undefined;
  #usersLoading: Promise<UsersIndex> | undefined;
  /** Once warmed, the directory keeps a full index and refreshes it in the background when it is stale. */
  #keepWarm = false;

  constructor(client: HexnodeClient, options: HexnodeDirectoryOptions = {}) {
    if (!client || typeof client !== 'object' || !('users' in client)) {
      throw new TypeError('HexnodeDirectory: a HexnodeClient is required.');
    }
    const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    if (!Number.isFinite(ttlMs) || ttlMs < 0) throw new TypeError('HexnodeDirectory: `ttlMs` must be >= 0.');
    const perPage = options.perPage ?? MAX_PER_PAGE;
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) {
      throw new RangeError(`HexnodeDirectory: \`perPage\` must be a whole number from 1 to ${MAX_PER_PAGE}.`);
    }
    this.#client = client;
    this.ttlMs = ttlMs;
    this.concurrency = checkConcurrency(
      options.concurrency,
      DEFAULT_CONCURRENCY,
      'HexnodeDirectory: `concurrency`',
    );
    this.#now = options.now ?? Date.now;
    this.#limiter = new Limiter(this.concurrency);
    this.#ownership = new OwnershipIndex(options.ownershipTtlMs ?? DEFAULT_OWNERSHIP_TTL_MS, this.#now);
    this.#lists = new ListReader(client, { perPage, limiter: this.#limiter, now: this.#now });
    if (options.key !== undefined && (typeof options.key !== 'string' || options.key === '')) {
      throw new TypeError('HexnodeDirectory: `key` must be a non-empty string.');
    }
    this.#index = new IndexKeeper({
      client,
      lists: this.#lists,
      store: options.indexStore,
      key: options.key ?? client.budget.key,
      minimumMs: ttlMs,
      now: this.#now,
    });
  }

  /** When the index was built, the build in progress (pages read of pages total) and the refresh interval. */
  indexState(): DirectoryIndexState {
    return this.#index.state();
  }

  /** Resolves once a running build knows its size (or ended); loads the stored index first. */
  async whenIndexSized(): Promise<void> {
    await this.#index.loadStored();
    await this.#index.whenSized();
  }

  /** Finds the Hexnode user(s) with this email and, for exactly one, their devices. */
  async lookup(email: string): Promise<LookupResult> {
    const key = normalizeEmail(email);
    if (key === '') return { status: 'not_found' };
    await this.#index.loadStored();
    if (this.#keepWarm || this.#index.current || this.#index.building) {
      return this.#answer(key, await this.#index.ready());
    }
    const users = await this.#loadUsers();
    const matches = users.byEmail.get(key) ?? [];
    if (matches.length === 0) return { status: 'not_found' };
    if (matches.length > 1) return { status: 'ambiguous', users: [...matches] };
    const user = matches[0]!;
    if (user.totalDevices === 0) return { status: 'found', user, devices: [] };
    return { status: 'found', user, devices: await this.#lists.devicesOf(user) };
  }

  /**
   * Looks up many emails reading each list at most once. Keys of the map are the emails as given. Unlike
   * {@link lookup}, never from an index older than `ttlMs` (a re-check before acting uses it): an older one is
   * read again first.
   */
  async lookupMany(emails: Iterable<string>): Promise<Map<string, LookupResult>> {
    this.#keepWarm = true;
    await this.#index.loadStored();
    const current = this.#index.current;
    const index =
      current && this.#now() - current.meta.builtAt < this.ttlMs ? current : await this.#index.build();
    const results = new Map<string, LookupResult>();
    for (const email of emails) {
      const key = normalizeEmail(email);
      results.set(email, key === '' ? { status: 'not_found' } : this.#answer(key, index));
    }
    return results;
  }

  /**
   * Re-reads one device's detail (one request) and says whether its current user has this email.
   * Call it right before a destructive action. A device that no longer exists is not owned.
   */
  async verifyOwnership(deviceId: number, email: string): Promise<OwnershipCheck> {
    const key = normalizeEmail(email);
    let device: HexnodeDeviceDetail;
    try {
      device = await this.#client.devices.get(deviceId);
    } catch (error) {
      if (error instanceof HexnodeNotFoundError) {
        this.#ownership.forget(deviceId);
        return { owned: false };
      }
      throw error;
    }
    this.#ownership.remember(device);
    // Only `email` decides: `alternate_email` is a lead for a person, never a match [C].
    const owned = key !== '' && normalizeEmail(device.user?.email) === key;
    return { owned, device };
  }

  /**
   * Who owns each device: remembered answers while fresh, else one detail read per device (within the
   * concurrency limit). A device whose detail is gone or unreadable is `unknown`, never `corporate`.
   */
  async ownershipOf(deviceIds: readonly number[]): Promise<Map<number, HexnodeOwnership>> {
    const result = new Map<number, HexnodeOwnership>();
    await Promise.all(
      deviceIds.map(async (id) => {
        const known = this.#ownership.get(id);
        if (known !== undefined) {
          result.set(id, known);
          return;
        }
        try {
          const detail = await this.#limiter.run(() => this.#client.devices.get(id));
          this.#ownership.remember(detail);
          result.set(id, detail.ownership);
        } catch (error) {
          if (!(error instanceof HexnodeNotFoundError || error instanceof HexnodeInvalidResponseError))
            throw error;
          result.set(id, 'unknown');
        }
      }),
    );
    return result;
  }

  /**
   * Makes sure an index is there and fresh: the stored one when it is fresh enough, else both lists read
   * (concurrently, within the concurrency limit), indexed and saved. From now on lookups answer from the index,
   * and a stale index is refreshed in the background while lookups answer from it.
   */
  async warm(): Promise<void> {
    this.#keepWarm = true;
    await this.#index.loadStored();
    if (!this.#index.stale() && !this.#index.building) return;
    await this.#index.build();
  }

  /** Forgets everything cached (the stored index too is not read again); the next lookup reads Hexnode again. */
  invalidate(): void {
    this.#users = undefined;
    this.#index.forget();
    this.#ownership.forget();
  }

  #fresh(index: { at: number } | undefined): boolean {
    return index !== undefined && this.#now() - index.at < this.ttlMs;
  }

  #answer(key: string, { users, devices }: DirectoryIndex): LookupResult {
    const matches = users.byEmail.get(key) ?? [];
    if (matches.length === 0) return { status: 'not_found' };
    if (matches.length > 1) return { status: 'ambiguous', users: [...matches] };
    const user = matches[0]!;
    return { status: 'found', user, devices: [...(devices.byUser.get(user.id) ?? [])] };
  }

  async #loadUsers(): Promise<UsersIndex> {
    if (this.#fresh(this.#users)) return this.#users!;
    this.#usersLoading ??= this.#lists.readUsers().finally(() => {
      this.#usersLoading = undefined;
    });
    const users = await this.#usersLoading;
    this.#users = users;
    return users;
  }
}
