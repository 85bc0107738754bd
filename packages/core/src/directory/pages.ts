/**
 * Reads a whole list quickly: page 1 tells `count`, then the remaining pages are read concurrently
 * (through the directory's limiter) instead of one `next` link at a time.
 */
import type { Limiter } from '../concurrency.js';
import { HexnodeNotFoundError } from '../errors.js';
import type { HexnodePage } from '../hexnode/types.js';

export interface ReadPagesOptions<T> {
  perPage: number;
  limiter: Limiter;
  fetchPage: (page: number) => Promise<HexnodePage<T>>;
  /** Called with each page's items as they arrive (in any order). */
  onItems: (items: T[]) => void;
  /** Called when the list changed mid-read and the read starts over: forget what `onItems` got. */
  onRestart: () => void;
  /** Checked before each page is requested: once true, no further page is requested. */
  shouldStop?: () => boolean;
}

/**
 * Returns `true` when every page was read from one consistent list, `false` when it stopped early.
 * If the list changed while it was being read (a different `count`, or a page that disappeared), the
 * read starts over once; a list that keeps changing is read as it was seen the second time.
 */
export async function readAllPages<T>(options: ReadPagesOptions<T>): Promise<boolean> {
  for (let round = 1; ; round++) {
    const outcome = await readOnce(options);
    if (outcome === 'changed' && round < 2) {
      options.onRestart();
      continue;
    }
    return outcome !== 'stopped';
  }
}

async function readOnce<T>(options: ReadPagesOptions<T>): Promise<'complete' | 'stopped' | 'changed'> {
  const { perPage, limiter, fetchPage } = options;
  const shouldStop = options.shouldStop ?? (() => false);
  const first = await limiter.run(() => fetchPage(1));
  options.onItems(first.results);
  const pages = Math.max(1, Math.ceil(first.count / perPage));
  let changed = false;
  let stopped = false;
  let failed = false;
  const reads: Promise<void>[] = [];
  for (let page = 2; page <= pages; page++) {
    reads.push(
      limiter.run(async () => {
        if (changed || failed) return;
        if (shouldStop()) {
          stopped = true;
          return;
        }
        try {
          const result = await fetchPage(page);
          if (result.count !== first.count) changed = true;
          options.onItems(result.results);
        } catch (error) {
          // DRF answers 404 "Invalid page." when the list shrank under us.
          if (error instanceof HexnodeNotFoundError) changed = true;
          else {
            failed = true;
            throw error;
          }
        }
      }),
    );
  }
  await Promise.all(reads);
  if (changed) return 'changed';
  return stopped ? 'stopped' : 'complete';
}
