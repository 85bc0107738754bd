/**
 * Mounting the Web-standard handler on Node. Request/Response conversion is
 * @remix-run/node-fetch-server's (streams, aborts, HTTP/2), not hand-written.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_BASE_PATH, PROBLEM_CONTENT_TYPE } from '@hexnode-offboard/core/protocol';
import {
  createRequest,
  createRequestListener,
  sendResponse,
  type RequestListenerOptions,
} from '@remix-run/node-fetch-server';

type FetchHandler = (request: Request) => Promise<Response>;

export interface NodeListenerOptions {
  /** Overrides the request URL's host (e.g. your public host name), see @remix-run/node-fetch-server. */
  host?: string;
  /** Overrides the request URL's protocol (`https:` behind a TLS-terminating proxy). */
  protocol?: string;
  /** Trust `Forwarded` / `X-Forwarded-*` headers. Only behind a proxy that overwrites them. */
  trustProxy?: boolean;
}

function listenerOptions(options: NodeListenerOptions): RequestListenerOptions {
  return {
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.protocol !== undefined ? { protocol: options.protocol } : {}),
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
    onError: () =>
      new Response(
        JSON.stringify({ type: 'about:blank', title: 'Internal error', status: 500, code: 'internal_error' }),
        {
          status: 500,
          headers: { 'Content-Type': PROBLEM_CONTENT_TYPE },
        },
      ),
  };
}

/** A `node:http` request listener: `http.createServer(toNodeListener(handler))`. */
export function toNodeListener(
  handler: FetchHandler,
  options: NodeListenerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  return createRequestListener(handler, listenerOptions(options));
}

export interface ExpressMiddlewareOptions extends NodeListenerOptions {
  /** Requests under this path go to the handler; others to `next()`. Default `/api/hexnode-offboard` (use the handler's `basePath`). */
  basePath?: string;
}

type Next = (error?: unknown) => void;

/**
 * An Express/Connect-style middleware: `app.use(createExpressMiddleware(handler))`. Mount it before
 * any body parser (`express.json()`): the handler reads and limits the raw body itself.
 */
export function createExpressMiddleware(
  handler: FetchHandler,
  options: ExpressMiddlewareOptions = {},
): (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse, next: Next) => void {
  const basePath = (options.basePath ?? DEFAULT_BASE_PATH).replace(/\/+$/, '');
  const requestOptions = listenerOptions(options);
  return (req, res, next) => {
    const url = req.originalUrl ?? req.url ?? '/';
    const path = url.split('?')[0] ?? '/';
    if (path !== basePath && !path.startsWith(`${basePath}/`)) {
      next();
      return;
    }
    if (req.readableEnded) {
      next(
        new Error(
          'The request body was already read: mount the Hexnode offboard middleware before body parsers.',
        ),
      );
      return;
    }
    // Express rewrites req.url under a mount path; the handler routes on the full path.
    req.url = url;
    let request: Request;
    try {
      request = createRequest(req, res, requestOptions);
    } catch (error) {
      next(error);
      return;
    }
    handler(request)
      .then((response) => sendResponse(res, response))
      .catch(next);
  };
}
