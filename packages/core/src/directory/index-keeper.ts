/**
 * The directory's index over time: loaded from its store once (no list read while the saved one is fresh),
 * built by reading both lists (with progress: pages read of pages total), saved after each build, and refreshed
 * in the background once it is older than an interval derived from the portal's size and the request budget.
 * While a refresh runs, lookups keep answering from the previous index.
 */
import type { HexnodeClient } from '../client/client.js';
import type { DirectoryIndexStore } from './index-store.js';
import type { DevicesIndex, ListReader, UsersIndex } from './list-reader.js';
import { refreshIntervalMs } from './refresh-interval.js';
import { fromSnapshot, toSnapshot, type SnapshotMeta } from './snapshot.js';

/** The index as lookups use it. */
export interface DirectoryIndex {
  users: UsersIndex;
  devices: DevicesIndex;
  meta: SnapshotMeta;
}

/** How fresh the index is and what building it has done. */
export interface DirectoryIndexState {
  /** When the current index's lists were read (epoch ms); `null`: no index yet. */
  builtAt: number | null;
  /** The build in progress; `pagesTotal` is 0 until the first page of each list told its size. */
  building: { pagesRead: number; pagesTotal: number } | null;
  /** How old the index may grow before a lookup starts a background refresh. */
  refreshIntervalMs: number;
}

interface Build {
  promise: Promise<DirectoryIndex>;
  pagesRead: number;
  usersPages: number | undefined;
  devicesPages: number | undefined;
  sized: Promise<void>;
}

export interface IndexKeeperOptions {
  client: HexnodeClient;
  lists: ListReader;
  store: DirectoryIndexStore | undefined;
  key: string;
  minimumMs: number;
  now: () => number;
}

export class IndexKeeper {
  readonly #options: IndexKeeperOptions;
  #current: DirectoryIndex | undefined;
  #loading: Promise<void> | undefined;
  #build: Build | undefined;
  #refreshing: Promise<void> | undefined;
  /** After a failed background refresh, or one another process holds, none starts before this time. */
  #retryAt = 0;
  /** This keeper's name in the store's refresh claims. */
  readonly #owner = `index-${Math.random().toString(36).slice(2)}-${Date.now().toString(36)}`;

  constructor(options: IndexKeeperOptions) {
    this.#options = options;
  }

  get current(): DirectoryIndex | undefined {
    return this.#current;
  }

  get building(): boolean {
    return this.#build !== undefined;
  }

  /** Loads the stored snapshot, once; a store that fails or holds nothing usable leaves no index. */
  loadStored(): Promise<void> {
    const { store, key, client } = this.#options;
    if (!store) return Promise.resolve();
    this.#loading ??= store
      .load(key)
      .then((snapshot) => {
        const index = snapshot === undefined ? undefined : fromSnapshot(snapshot);
        if (!index || this.#current) return;
        this.#current = index;
        client.budget.noteDeviceCount(index.meta.counts.devices);
      })
      .catch(() => undefined);
    return this.#loading;
  }

  /** The refresh interval for the current index's size and the budget (at least `minimumMs`). */
  intervalMs(): number {
    const budget = this.#options.client.budget;
    const limits = budget.limits('index');
    const pages = this.#current ? this.#current.meta.pages.users + this.#current.meta.pages.devices : 0;
    return refreshIntervalMs({
      pages,
      windowMs: budget.windowMs,
      windowLimit: limits.window,
      dayMs: budget.dayMs,
      dayLimit: limits.day,
      minimumMs: this.#options.minimumMs,
    });
  }

  /** True when there is no index or it is older than the refresh interval. */
  stale(): boolean {
    const current = this.#current;
    return !current || this.#options.now() - current.meta.builtAt >= this.intervalMs();
  }

  /**
   * The index to answer from: the current one (starting a background refresh when it is stale), else the one a
   * build (started now or already running) produces.
   */
  async ready(): Promise<DirectoryIndex> {
    const current = this.#current;
    if (!current) return this.build();
    if (!this.#build && !this.#refreshing && this.stale() && this.#options.now() >= this.#retryAt) {
      this.#refreshing = this.#refresh()
        .catch(() => {
          this.#retryAt = this.#options.now() + this.#options.client.budget.windowMs;
        })
        .finally(() => {
          this.#refreshing = undefined;
        });
    }
    return current;
  }

  /**
   * A background refresh: another process on the store may have refreshed the index already (then it is taken
   * as it is, with no list read); else both lists are read, by this process only if it holds the store's claim
   * on the refresh (when the store has claims). A process without it keeps its index and looks again in a window.
   */
  async #refresh(): Promise<void> {
    const { store, key, client, now } = this.#options;
    if (!store) {
      await this.build();
      return;
    }
    if (await this.#takeStored(store)) return;
    if (!store.claimRefresh) {
      await this.build();
      return;
    }
    // Held at most as long as a refresh may take (the interval is at least the lists' pages at the background's
    // pace); released once the new index is saved.
    const claim = { owner: this.#owner, now: now(), ttlMs: this.intervalMs() };
    if (!(await store.claimRefresh(key, claim))) {
      this.#retryAt = now() + client.budget.windowMs;
      return;
    }
    try {
      // Another process may have saved its refresh between the first look and the claim.
      if (!(await this.#takeStored(store))) await this.build();
    } finally {
      await store.releaseRefresh?.(key, this.#owner).catch(() => undefined);
    }
  }

  /** Takes the stored index if it is newer than this one; true when that one is fresh (nothing to read). */
  async #takeStored(store: DirectoryIndexStore): Promise<boolean> {
    const { key, client } = this.#options;
    const snapshot = await store.load(key).catch(() => undefined);
    const index = snapshot === undefined ? undefined : fromSnapshot(snapshot);
    if (!index || index.meta.builtAt <= (this.#current?.meta.builtAt ?? Number.NEGATIVE_INFINITY))
      return false;
    this.#current = index;
    client.budget.noteDeviceCount(index.meta.counts.devices);
    return !this.stale();
  }

  /** Starts a build (or joins the one running): both lists read, indexed, saved. */
  build(): Promise<DirectoryIndex> {
    if (this.#build) return this.#build.promise;
    let markSized!: () => void;
    const build: Build = {
      promise: undefined as unknown as Promise<DirectoryIndex>,
      pagesRead: 0,
      usersPages: undefined,
      devicesPages: undefined,
      sized: new Promise<void>((resolve) => (markSized = resolve)),
    };
    const counts = { users: 0, devices: 0 };
    const progress = (list: 'users' | 'devices') => ({
      onSize: (pages: number, count: number) => {
        if (list === 'users') build.usersPages = pages;
        else build.devicesPages = pages;
        counts[list] = count;
        // A list read that starts over reports its size again: sized once both lists have told theirs.
        if (build.usersPages !== undefined && build.devicesPages !== undefined) markSized();
      },
      onPage: () => {
        build.pagesRead++;
      },
    });
    const { lists, store, key, now } = this.#options;
    build.promise = (async () => {
      const builtAt = now();
      const [users, devices] = await Promise.all([
        lists.readUsers(progress('users')),
        lists.readDevices(progress('devices')),
      ]);
      const meta: SnapshotMeta = {
        builtAt,
        pages: { users: build.usersPages ?? 1, devices: build.devicesPages ?? 1 },
        counts,
      };
      users.at = builtAt;
      devices.at = builtAt;
      const index = { users, devices, meta };
      this.#current = index;
      if (store) await store.save(key, toSnapshot(users, devices, meta)).catch(() => undefined);
      return index;
    })().finally(() => {
      markSized();
      if (this.#build === build) this.#build = undefined;
    });
    this.#build = build;
    return build.promise;
  }

  /** Resolves once the running build knows how many pages it reads (or has ended); at once when none runs. */
  async whenSized(): Promise<void> {
    await this.#build?.sized;
  }

  state(): DirectoryIndexState {
    const build = this.#build;
    const previous = this.#current?.meta.pages;
    let building: DirectoryIndexState['building'] = null;
    if (build) {
      const usersPages = build.usersPages ?? previous?.users;
      const devicesPages = build.devicesPages ?? previous?.devices;
      const pagesTotal =
        usersPages === undefined || devicesPages === undefined ? 0 : usersPages + devicesPages;
      building = {
        pagesRead: pagesTotal === 0 ? build.pagesRead : Math.min(build.pagesRead, pagesTotal),
        pagesTotal,
      };
    }
    return { builtAt: this.#current?.meta.builtAt ?? null, building, refreshIntervalMs: this.intervalMs() };
  }

  /** Forgets the index (the stored one is not loaded again); the next lookup builds one. */
  forget(): void {
    this.#current = undefined;
    this.#loading ??= Promise.resolve();
  }
}
