/** DRF's page-number paging (`count`, `next`, `previous`, `results`) and the `order_by` parameter. */
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MESSAGES } from '../guesses.js';
import { detail, HttpError, json } from '../http.js';
import type { ApiContext } from './context.js';

export function paginate<T>(ctx: ApiContext, items: readonly T[], serialize: (item: T) => unknown): Response {
  const query = ctx.url.searchParams;
  const perPageRaw = query.get('per_page');
  let perPage = DEFAULT_PAGE_SIZE;
  if (perPageRaw !== null && /^\d+$/.test(perPageRaw) && Number(perPageRaw) > 0) {
    perPage = Math.min(Number(perPageRaw), MAX_PAGE_SIZE);
  }
  const pageRaw = query.get('page') ?? '1';
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  const page = /^\d+$/.test(pageRaw) ? Number(pageRaw) : NaN;
  if (!(page >= 1 && page <= pages)) throw new HttpError(detail(404, MESSAGES.invalidPage));
  const link = (target: number | null) => {
    const url = new URL(ctx.path, ctx.baseUrl);
    url.search = ctx.url.search;
    // DRF drops `page` from the link to page 1, and keeps every other parameter as the client sent it.
    if (target === 1) url.searchParams.delete('page');
    else if (target !== null) url.searchParams.set('page', String(target));
    return url.href;
  };
  const start = (page - 1) * perPage;
  return json(200, {
    count: items.length,
    next: page < pages ? link(page + 1) : null,
    previous: page > 1 ? link(page - 1) : null,
    results: items.slice(start, start + perPage).map(serialize),
  });
}

export function ordered<T extends { id: number }>(ctx: ApiContext, items: readonly T[]): readonly T[] {
  // The state keeps every list in id order.
  return ctx.url.searchParams.get('order_by') === 'desc' ? [...items].reverse() : items;
}
