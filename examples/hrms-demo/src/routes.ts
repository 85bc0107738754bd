/**
 * The demo's page route table: each route is a path (exact, or a pattern whose groups are its parameters) and a
 * handler per method. One dispatcher answers every route the same way: 405 with `Allow` for another method
 * (HEAD is GET's), the sign-in page for a signed-in route without a session, else the handler.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Session } from './sessions.js';

export interface RouteRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** The signed-in person, if any (always set on a `signedIn` route). */
  session: Session | null;
  /** The path pattern's groups. */
  params: string[];
}

type Handle = (request: RouteRequest) => void | Promise<void>;

export interface Route {
  path: string | RegExp;
  GET?: Handle;
  POST?: Handle;
  /** Only for a signed-in person; anyone else is sent to the sign-in page (after the method check). */
  signedIn?: boolean;
}

/** The first route whose path matches, with the pattern's groups. */
export function matchRoute(
  routes: readonly Route[],
  pathname: string,
): { route: Route; params: string[] } | null {
  for (const route of routes) {
    if (route.path === pathname) return { route, params: [] };
    const match = route.path instanceof RegExp ? route.path.exec(pathname) : null;
    if (match) return { route, params: match.slice(1).map((p) => p ?? '') };
  }
  return null;
}

/** The route's handler for a method (HEAD is answered as GET), or undefined. */
export const handlerFor = (route: Route, method: string): Handle | undefined =>
  method === 'GET' || method === 'HEAD' ? route.GET : method === 'POST' ? route.POST : undefined;

/** The `Allow` header for a route. */
export const allowed = (route: Route): string =>
  [...(route.GET ? ['GET', 'HEAD'] : []), ...(route.POST ? ['POST'] : [])].join(', ');
