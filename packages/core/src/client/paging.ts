/** DRF pages: one page by number, or every page by following the absolute `next` links. */
import type { z } from 'zod';
import { HexnodeInvalidResponseError } from '../errors.js';
import { pageSchema } from '../hexnode/schemas.js';
import type { HexnodePage } from '../hexnode/types.js';
import type { Query, Transport } from './transport.js';

/** Hexnode serves at most 250 items a page [P]. */
export const MAX_PER_PAGE = 250;
export const DEFAULT_PER_PAGE = 100;

export interface PageOptions {
  /** Items per page, 1 to 250. Default 100. */
  perPage?: number;
}

export function checkPerPage(perPage: number | undefined): number {
  const value = perPage ?? DEFAULT_PER_PAGE;
  if (!Number.isInteger(value) || value < 1 || value > MAX_PER_PAGE) {
    throw new RangeError(`perPage must be a whole number from 1 to ${MAX_PER_PAGE}, got ${String(perPage)}.`);
  }
  return value;
}

export function checkPage(page: number): number {
  if (!Number.isInteger(page) || page < 1) {
    throw new RangeError(`page must be a whole number >= 1, got ${String(page)}.`);
  }
  return page;
}

/** A positive integer id, so that nothing but digits ever lands in a path. */
export function checkId(id: number, what = 'id'): number {
  if (!Number.isSafeInteger(id) || id < 1) {
    throw new TypeError(`${what} must be a positive integer, got ${JSON.stringify(id)}.`);
  }
  return id;
}

/** Reads one page by its number. */
export async function getPage<T extends z.ZodType>(
  transport: Transport,
  path: string,
  item: T,
  query: Query,
): Promise<HexnodePage<z.output<T>>> {
  return transport.request({ method: 'GET', path, query, schema: pageSchema(item) });
}

/** Yields every page, following `next` exactly as Hexnode gives it (absolute URLs under the API root). */
export async function* followPages<T extends z.ZodType>(
  transport: Transport,
  path: string,
  item: T,
  query: Query,
): AsyncGenerator<HexnodePage<z.output<T>>> {
  const schema = pageSchema(item);
  const seen = new Set<string>();
  let page = await transport.request({ method: 'GET', path, query, schema });
  for (;;) {
    yield page;
    if (page.next === null) return;
    const nextUrl = transport.url(page.next).href;
    if (seen.has(nextUrl)) {
      throw new HexnodeInvalidResponseError(
        'Hexnode sent a `next` link that loops back to a page already read',
        {
          method: 'GET',
          path: transport.relativePath(new URL(nextUrl)),
          field: 'next',
        },
      );
    }
    seen.add(nextUrl);
    page = await transport.request({ method: 'GET', path: nextUrl, schema });
  }
}

/** Yields every item of every page. */
export async function* followItems<T extends z.ZodType>(
  transport: Transport,
  path: string,
  item: T,
  query: Query,
): AsyncGenerator<z.output<T>> {
  for await (const page of followPages(transport, path, item, query)) yield* page.results;
}

/**
 * A paginated list endpoint: every item, every page, or one page by number, with the resource's own query. The
 * users and devices resources extend it.
 */
export class ListEndpoint<T extends z.ZodType, Options extends PageOptions> {
  protected readonly transport: Transport;
  readonly #path: string;
  readonly #item: T;
  readonly #query: (options: Options) => Query;

  constructor(transport: Transport, path: string, item: T, query: (options: Options) => Query) {
    this.transport = transport;
    this.#path = path;
    this.#item = item;
    this.#query = query;
  }

  /** Every item, page after page (following `next`). */
  list(options: Options = {} as Options): AsyncIterable<z.output<T>> {
    return followItems(this.transport, this.#path, this.#item, this.#query(options));
  }

  /** Every page, following `next`. */
  listPages(options: Options = {} as Options): AsyncIterable<HexnodePage<z.output<T>>> {
    return followPages(this.transport, this.#path, this.#item, this.#query(options));
  }

  /** One page by number (1-based): for reading pages concurrently. */
  getPage(page: number, options: Options = {} as Options): Promise<HexnodePage<z.output<T>>> {
    return getPage(this.transport, this.#path, this.#item, {
      page: checkPage(page),
      ...this.#query(options),
    });
  }
}
