/** Response helpers in the style of Django REST Framework. Web APIs only. */
import { VARY } from './guesses.js';

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', Vary: VARY, ...headers },
  });
}

/** DRF's error shape for 401/403/404/405/415/429: `{"detail": "..."}`. */
export function detail(status: number, message: string, headers: Record<string, string> = {}): Response {
  return json(status, { detail: message }, headers);
}

export function noContent(status = 204): Response {
  return new Response(null, { status, headers: { Vary: VARY } });
}

/** A 400 with DRF's body: a field map (`{"field": ["..."]}`) or a list of strings. */
export function badRequest(
  errors: Record<string, string[]> | (string | Record<string, string[]>)[],
): Response {
  return json(400, errors);
}

/** Thrown inside a route to answer with a prepared response. */
export class HttpError extends Error {
  constructor(readonly response: Response) {
    super(`HTTP ${response.status}`);
  }
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Never resolves; rejects with the signal's reason when it aborts. */
export function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) return reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
