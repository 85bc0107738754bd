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
import { ListReader, type DevicesIndex, type UsersIndex } from './list-reader.js';
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
  /** How long an index stays fresh. Default 5 minutes. */
  ttlMs?: number;
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
 * - Warm (after {@link warm}): both lists are indexed once; lookups answer from memory until `ttlMs`
 *   passes, then the next lookup refreshes the whole index first.
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
  #users: UsersIndex | undefined;
  #devices: DevicesIndex | undefined;
  #usersLoading: Promise<UsersIndex> | undefined;
  #warming: Promise<void> | undefined;
  /** Once warmed, the directory keeps a full index and refreshes it when it expires. */
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
  }

  /** Finds the Hexnode user(s) with this email and, for exactly one, their devices. */
  async lookup(email: string): Promise<LookupResult> {
    const key = normalizeEmail(email);
    if (key === '') return { status: 'not_found' };
    if (this.#keepWarm || this.#warming) {
      await this.#ensureWarm();
      return this.#answer(key, this.#users!, this.#devices!);
    }
    const users = await this.#loadUsers();
    const matches = users.byEmail.get(key) ?? [];
    if (matches.length === 0) return { status: 'not_found' };
    if (matches.length > 1) return { status: 'ambiguous', users: [...matches] };
    const user = matches[0]!;
    if (user.totalDevices === 0) return { status: 'found', user, devices: [] };
    return { status: 'found', user, devices: await this.#lists.devicesOf(user) };
  }

  /** Looks up many emails reading each list at most once. Keys of the map are the emails as given. */
  async lookupMany(emails: Iterable<string>): Promise<Map<string, LookupResult>> {
    await this.#ensureWarm();
    const results = new Map<string, LookupResult>();
    for (const email of emails) {
      const key = normalizeEmail(email);
      results.set(
        email,
        key === '' ? { status: 'not_found' } : this.#answer(key, this.#users!, this.#devices!),
      );
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
   * Reads both lists once (concurrently, within the concurrency limit) and indexes them. From now on
   * lookups answer from the index, and an expired index is refreshed by the next lookup.
   */
  async warm(): Promise<void> {
    this.#keepWarm = true;
    if (this.#warming) return this.#warming;
    const warming = (async () => {
      const [users, devices] = await Promise.all([this.#lists.readUsers(), this.#lists.readDevices()]);
      this.#users = users;
      this.#devices = devices;
    })();
    this.#warming = warming;
    try {
      await warming;
    } finally {
      this.#warming = undefined;
    }
  }

  /** Forgets everything cached; the next lookup reads Hexnode again. */
  invalidate(): void {
    this.#users = undefined;
    this.#devices = undefined;
    this.#ownership.forget();
  }

  async #ensureWarm(): Promise<void> {
    if (this.#warming) await this.#warming;
    if (!this.#fresh(this.#users) || !this.#fresh(this.#devices)) await this.warm();
  }

  #fresh(index: { at: number } | undefined): boolean {
    return index !== undefined && this.#now() - index.at < this.ttlMs;
  }

  #answer(key: string, users: UsersIndex, devices: DevicesIndex): LookupResult {
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
