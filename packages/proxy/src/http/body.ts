/** Reading a request body: JSON only, at most MAX_BODY_BYTES, read incrementally so a lying Content-Length cannot pass. */
import { MAX_BODY_BYTES } from '@hexnode-offboard/core/protocol';
import { ProblemError } from './problem.js';
import { BodyTooLargeError, readRawBody } from './raw-body.js';

/** Whether the Content-Type is `application/json`, with or without parameters (e.g. `; charset=utf-8`). */
export function isJsonContentType(header: string | null): boolean {
  if (header === null) return false;
  const [mediaType, ...params] = header.split(';');
  if (mediaType?.trim().toLowerCase() !== 'application/json') return false;
  // A charset other than UTF-8 is not JSON as RFC 8259 defines it.
  return params.every((param) => {
    const [name, value] = param.split('=');
    return (
      name?.trim().toLowerCase() !== 'charset' ||
      value?.trim().replace(/^"|"$/g, '').toLowerCase() === 'utf-8'
    );
  });
}

export async function readJsonBody(request: Request, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  let bytes: Uint8Array;
  try {
    bytes = await readRawBody(request, maxBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError)
      throw new ProblemError('payload_too_large', { detail: error.message });
    throw error;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ProblemError('invalid_request', { detail: 'The body is not valid UTF-8.' });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ProblemError('invalid_request', { detail: 'The body is not valid JSON.' });
  }
}
