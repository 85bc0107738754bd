/**
 * Reads a whole list quickly: page 1 tells `count` and the page size the server really uses, then the
 * remaining pages are read concurrently (through the directory's limiter) instead of one `next` link at a
 * time.
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
  /** Called once page 1 told how many pages (and items) the list has; again if the read starts over. */
  onSize?: (pages: number, count: number) => void;
  /** Called after each page read. */
  onPage?: () => void;
}

/**
 * Returns `true` when every page was read from one consistent list, `false` when it stopped early.
 * If the list changed while it was being read (a different `count`, a page that disappeared, or a total
 * number of items that is not `count`), the read starts over once; a list that keeps changing is read as
 * it was seen the second time.
 *
 * The page size is not assumed to be `perPage`: a portal may cap pages lower than asked, so a page 1
 * holding fewer (or more) items than `count` sets the size the other pages are counted with.
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
  let seen = first.results.length;
  const pages = pageCount(first.count, first.results.length, perPage);
  options.onSize?.(pages, first.count);
  options.onPage?.();
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
          seen += result.results.length;
          options.onItems(result.results);
          options.onPage?.();
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
  if (stopped) return 'stopped';
  // Pages that overlap or leave a gap (items moved between pages mid-read) show as a wrong total.
  return seen === first.count ? 'complete' : 'changed';
}

/**
 * How many pages hold `count` items, given that page 1 held `firstLength` of them. DRF fills every page
 * but the last, so page 1's length is the page size whenever the list does not fit on one page, even
 * when the server capped it below the `perPage` asked for.
 */
function pageCount(count: number, firstLength: number, perPage: number): number {
  if (count <= firstLength) return 1;
  const size = firstLength > 0 ? firstLength : perPage;
  return Math.max(1, Math.ceil(count / size));
}
