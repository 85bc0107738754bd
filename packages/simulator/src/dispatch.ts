/**
 * One API request through the portal, in DRF's order: route, authentication, throttle, OPTIONS, method, body,
 * then the route's handler. Answers every failure the way DRF does.
 */
import type { ApiContext } from './api/context.js';
import { allowHeader, matchRoute } from './api/routes.js';
import { APPEND_SLASH_REDIRECT, MESSAGES, WWW_AUTHENTICATE } from './guesses.js';
import { detail, HttpError, json } from './http.js';
import type { Portal } from './portal.js';
import { countManaged, throttledResponse } from './throttle.js';

/** The parts of a request the dispatch reads (the body already read as text). */
export interface ApiRequest {
  request: Request;
  url: URL;
  /** Path below the base, without the leading slash. */
  path: string;
  method: string;
  text: string;
}

export function dispatch(portal: Portal, api: ApiRequest): Response {
  const { request, url, path, method } = api;
  const { state, now } = portal;
  const match = matchRoute(path);
  if (!match) return noRoute(api);
  const key = request.headers.get('Authorization');
  if (key === null || key === '') {
    return detail(401, MESSAGES.notAuthenticated, { 'WWW-Authenticate': WWW_AUTHENTICATE });
  }
  if (key !== portal.apiKey)
    return detail(401, MESSAGES.invalidKey, { 'WWW-Authenticate': WWW_AUTHENTICATE });
  const verdict = portal.throttle.check(key, now(), countManaged(state.devices));
  if (!verdict.ok) return throttledResponse(verdict.waitMs);
  const allow = allowHeader(match.route);
  if (method === 'OPTIONS') {
    return json(
      200,
      { name: path, description: '', renders: ['application/json'], parses: ['application/json'] },
      { Allow: allow },
    );
  }
  const handler = match.route.methods[(method === 'HEAD' ? 'GET' : method) as 'GET'];
  if (!handler) return detail(405, MESSAGES.methodNotAllowed(method), { Allow: allow });
  const body = parseJson(api);
  if (body instanceof Response) return body;
  const at = now();
  state.advance(at);
  const ctx: ApiContext = {
    state,
    url,
    baseUrl: portal.baseUrl,
    path,
    params: match.params,
    body: body.value,
    now: at,
    drift: portal.faults.schemaDrift,
  };
  let response: Response;
  try {
    response = handler(ctx);
  } catch (error) {
    if (error instanceof HttpError) response = error.response;
    else throw error;
  }
  return method === 'HEAD'
    ? new Response(null, { status: response.status, headers: response.headers })
    : response;
}

/** No route matched: Django's APPEND_SLASH redirect for a GET or HEAD that only lacks its slash, else 404. */
function noRoute({ url, path, method }: ApiRequest): Response {
  if (
    APPEND_SLASH_REDIRECT &&
    !path.endsWith('/') &&
    matchRoute(`${path}/`) &&
    (method === 'GET' || method === 'HEAD')
  ) {
    const location = new URL(url);
    location.pathname += '/';
    return new Response(null, { status: 301, headers: { Location: location.href } });
  }
  return detail(404, MESSAGES.notFound);
}

/** The JSON body (undefined when there is none), or the 415 or 400 DRF answers for a body it cannot parse. */
function parseJson({ request, text }: ApiRequest): { value: unknown } | Response {
  if (text === '') return { value: undefined };
  const type = request.headers.get('Content-Type') ?? '';
  if (!type.toLowerCase().startsWith('application/json')) {
    return detail(415, `Unsupported media type "${type}" in request.`);
  }
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return detail(400, MESSAGES.invalidJson(error instanceof Error ? error.message : String(error)));
  }
}
