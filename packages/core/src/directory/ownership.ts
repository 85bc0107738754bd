/**
 * Who owns each device, remembered from the device details the kit reads. The device list has no `owned_by`
 * (only the detail does), so a preview would cost one detail read per device every time; ownership rarely
 * changes, so each answer is kept for `maxAgeMs`. An action never relies on this: it re-reads every device.
 */
import type { HexnodeDeviceDetail, HexnodeOwnership } from '../hexnode/types.js';

interface Entry {
  ownership: HexnodeOwnership;
  at: number;
}

export class OwnershipIndex {
  readonly maxAgeMs: number;
  readonly #now: () => number;
  readonly #entries = new Map<number, Entry>();

  constructor(maxAgeMs: number, now: () => number) {
    if (!Number.isFinite(maxAgeMs) || maxAgeMs < 0) {
      throw new TypeError('HexnodeDirectory: `ownershipTtlMs` must be >= 0.');
    }
    this.maxAgeMs = maxAgeMs;
    this.#now = now;
  }

  /** The remembered ownership, while it is fresh. */
  get(deviceId: number): HexnodeOwnership | undefined {
    const entry = this.#entries.get(deviceId);
    if (!entry) return undefined;
    if (this.#now() - entry.at >= this.maxAgeMs) {
      this.#entries.delete(deviceId);
      return undefined;
    }
    return entry.ownership;
  }

  /** Remembers what a freshly read detail says. */
  remember(detail: HexnodeDeviceDetail): void {
    this.#entries.set(detail.id, { ownership: detail.ownership, at: this.#now() });
  }

  forget(deviceId?: number): void {
    if (deviceId === undefined) this.#entries.clear();
    else this.#entries.delete(deviceId);
  }
}
