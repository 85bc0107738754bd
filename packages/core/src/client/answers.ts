/**
 * Reading Hexnode's answers: a body validated with its zod schema, a failure mapped to the error hierarchy with
 * DRF's message summarised, and every text that may reach an error redacted of the API key and cut short.
 */
import type { z } from 'zod';
import {
  HexnodeAuthenticationError,
  HexnodeBadRequestError,
  HexnodeError,
  HexnodeInvalidResponseError,
  HexnodeNotFoundError,
  HexnodeUnavailableError,
} from '../errors.js';
import { formatIssuePath } from '../hexnode/schemas.js';

const REQUEST_ID_HEADERS = ['x-request-id', 'x-correlation-id', 'request-id'];
const MAX_MESSAGE = 300;

/** Where an answer came from, for the errors about it. */
export interface AnswerContext {
  method: string;
  path: string;
  status: number;
  requestId?: string | undefined;
}

/** The answer's request id (first of the usual headers), cut to 200 characters. */
export function readRequestId(headers: Headers): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name);
    if (value) return value.slice(0, 200);
  }
  return undefined;
}

/** Reads the answers of one API key: nothing it returns or throws contains the key. */
export class Answers {
  readonly #apiKey: string;

  constructor(apiKey: string) {
    this.#apiKey = apiKey;
  }

  /** The body, validated; malformed JSON or a body the schema refuses is a `HexnodeInvalidResponseError`. */
  parse(schema: z.ZodType, text: string, context: AnswerContext): unknown {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new HexnodeInvalidResponseError('Hexnode answered with malformed JSON', {
        ...context,
        field: '(body)',
      });
    }
    const result = schema.safeParse(json);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    const field = issue ? formatIssuePath(issue.path) : '(body)';
    throw new HexnodeInvalidResponseError(
      `Unexpected response from Hexnode: ${field}: ${this.redact(issue?.message ?? 'invalid')}`,
      { ...context, field },
    );
  }

  /** The error for an answer that is not OK (and not a 429). */
  httpError(method: string, path: string, response: Response, text: string, requestId: string | undefined) {
    const status = response.status;
    const init = { method, path, status, requestId };
    const body = parseJson(text);
    const suffix = this.suffix(text, response);
    if (status === 401 || status === 403) {
      return new HexnodeAuthenticationError(
        `Hexnode refused the API key${status === 403 ? ' for this request' : ''}${suffix}`,
        init,
      );
    }
    if (status === 404) return new HexnodeNotFoundError(`Not found in Hexnode${suffix}`, init);
    if (status === 400 || status === 422) {
      return new HexnodeBadRequestError(`Hexnode rejected the request${suffix}`, {
        ...init,
        fieldErrors: this.#fieldErrors(body),
      });
    }
    if (status >= 500 || status === 408) {
      return new HexnodeUnavailableError(`Hexnode is unavailable${suffix}`, {
        ...init,
        reason: 'server_error',
      });
    }
    return new HexnodeError(`Hexnode answered ${status}${suffix}`, init);
  }

  /** `: ` and the answer's message (DRF's detail, or the status text), redacted; empty when there is none. */
  suffix(text: string, response: Response): string {
    const detail = this.redact(describe(parseJson(text)) ?? response.statusText ?? '');
    return detail ? `: ${detail}` : '';
  }

  /** The text without the API key, cut to a readable length. */
  redact(text: string): string {
    const apiKey = this.#apiKey;
    const redacted = apiKey ? text.split(apiKey).join('[redacted]') : text;
    return redacted.length > MAX_MESSAGE ? `${redacted.slice(0, MAX_MESSAGE)}...` : redacted;
  }

  /** A network error as a cause safe to keep: its name and redacted message only. */
  safeCause(error: unknown): unknown {
    if (!(error instanceof Error)) return undefined;
    const cause = new Error(this.redact(error.message));
    cause.name = error.name;
    return cause;
  }

  #fieldErrors(body: unknown): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    const add = (key: string, value: unknown) => {
      const messages = (Array.isArray(value) ? value : [value])
        .filter((message) => message !== null && message !== undefined)
        .map((message) => this.redact(typeof message === 'string' ? message : JSON.stringify(message)));
      if (messages.length) (out[key] ??= []).push(...messages);
    };
    if (Array.isArray(body)) add('non_field_errors', body);
    else if (typeof body === 'string') add('non_field_errors', body);
    else if (body && typeof body === 'object') {
      for (const [key, value] of Object.entries(body))
        add(key === 'detail' ? 'non_field_errors' : key, value);
    }
    return out;
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A one-line summary of a DRF error body: `detail`, a list of messages, or `field: message` pairs. */
function describe(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (Array.isArray(body)) return body.filter((item) => typeof item === 'string').join('; ') || undefined;
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    if (typeof record.detail === 'string') return record.detail;
    const parts = Object.entries(record).map(
      ([key, value]) => `${key}: ${Array.isArray(value) ? value.join(', ') : String(value)}`,
    );
    return parts.join('; ') || undefined;
  }
  return undefined;
}
