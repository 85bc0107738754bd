/**
 * The errors the Hexnode client throws. Every one extends {@link HexnodeError}, names the HTTP method and
 * the API path it was about, and never carries the API key: not in its message, its properties, its
 * `cause` or its JSON form. Catch them with `instanceof`.
 */

/** What every Hexnode error knows about the request that failed. */
export interface HexnodeErrorInit {
  /** HTTP method, upper case: `GET`, `POST`. */
  method: string;
  /** The API path relative to the base URL, e.g. `/devices/12/` (no host, no query string). */
  path: string;
  /** HTTP status, when the server answered. */
  status?: number;
  /** The server's request id header, when it sent one. */
  requestId?: string;
  cause?: unknown;
}

/** The base class: anything that went wrong talking to Hexnode. Also thrown for other 4xx answers. */
export class HexnodeError extends Error {
  readonly method: string;
  readonly path: string;
  readonly status: number | undefined;
  readonly requestId: string | undefined;

  constructor(message: string, init: HexnodeErrorInit) {
    super(
      `${message} (${init.method} ${init.path}${init.status === undefined ? '' : ` -> ${init.status}`})`,
      {
        cause: init.cause,
      },
    );
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.requestId = init.requestId;
  }

  /** A plain object for logs and problem responses: name, message, method, path, status, request id. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      method: this.method,
      path: this.path,
      status: this.status,
      requestId: this.requestId,
    };
  }
}

/** 401 or 403: the API key is wrong, revoked, or not allowed to do this. */
export class HexnodeAuthenticationError extends HexnodeError {}

/** 404: the user, device, group or endpoint does not exist. */
export class HexnodeNotFoundError extends HexnodeError {}

/** 400 (or 422): Hexnode refused the request body. `fieldErrors` holds DRF's per-field messages. */
export class HexnodeBadRequestError extends HexnodeError {
  /**
   * DRF's error body as a field map. A bare list of messages (`["AppGroup does not exists ..."]`) and
   * `{"detail": "..."}` are filed under `non_field_errors`.
   */
  readonly fieldErrors: Record<string, string[]>;

  constructor(message: string, init: HexnodeErrorInit & { fieldErrors: Record<string, string[]> }) {
    super(message, init);
    this.fieldErrors = init.fieldErrors;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), fieldErrors: this.fieldErrors };
  }
}

/** 429: too many requests. `retryAfter` is the server's `Retry-After` in seconds, when it sent one. */
export class HexnodeRateLimitError extends HexnodeError {
  readonly retryAfter: number | undefined;

  constructor(message: string, init: HexnodeErrorInit & { retryAfter: number | undefined }) {
    super(message, init);
    this.retryAfter = init.retryAfter;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfter: this.retryAfter };
  }
}

/**
 * Hexnode's rate limit leaves no call for this request within the longest wait allowed (`budget.maxWaitMs`):
 * the kit's own budget is spent, or Hexnode answered 429 with a longer wait. Nothing was sent that Hexnode acted
 * on, so the same request may be sent again after `retryAfter` seconds. The protocol calls it `hexnode_busy`.
 * `status` is 429 when Hexnode said so, `undefined` when the kit's budget held the call back.
 */
export class HexnodeBusyError extends HexnodeRateLimitError {
  readonly code = 'hexnode_busy';
  /** Seconds until a call would go through (rounded up). */
  declare readonly retryAfter: number;
  /** What ran out: the window, the day, or the wait Hexnode announced. */
  readonly limit: 'window' | 'day' | 'throttled';

  constructor(
    message: string,
    init: HexnodeErrorInit & { retryAfter: number; limit: 'window' | 'day' | 'throttled' },
  ) {
    super(message, init);
    this.limit = init.limit;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), code: this.code, limit: this.limit };
  }
}

/** Why Hexnode could not be reached: a 5xx answer, a network failure, or no answer within the timeout. */
export type UnavailableReason = 'server_error' | 'network' | 'timeout';

/** Hexnode is down, unreachable or too slow. Reads were already retried before this is thrown. */
export class HexnodeUnavailableError extends HexnodeError {
  readonly reason: UnavailableReason;

  constructor(message: string, init: HexnodeErrorInit & { reason: UnavailableReason }) {
    super(message, init);
    this.reason = init.reason;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason };
  }
}

/**
 * Hexnode answered, but not with what the client expects: malformed JSON, a missing or mistyped field
 * (schema drift), or a `next` link to another server. `field` names the first offending field
 * (e.g. `results[3].email`), `endpoint` the method and path.
 */
export class HexnodeInvalidResponseError extends HexnodeError {
  readonly field: string | undefined;
  readonly endpoint: string;

  constructor(message: string, init: HexnodeErrorInit & { field?: string | undefined }) {
    super(message, init);
    this.field = init.field;
    this.endpoint = `${init.method} ${init.path}`;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), field: this.field, endpoint: this.endpoint };
  }
}

// Names live on the prototypes (spelled out, so minifiers cannot mangle them) so that stack traces,
// captured while `Error` constructs, already show them.
const NAMES: [{ prototype: HexnodeError }, string][] = [
  [HexnodeError, 'HexnodeError'],
  [HexnodeAuthenticationError, 'HexnodeAuthenticationError'],
  [HexnodeNotFoundError, 'HexnodeNotFoundError'],
  [HexnodeBadRequestError, 'HexnodeBadRequestError'],
  [HexnodeRateLimitError, 'HexnodeRateLimitError'],
  [HexnodeBusyError, 'HexnodeBusyError'],
  [HexnodeUnavailableError, 'HexnodeUnavailableError'],
  [HexnodeInvalidResponseError, 'HexnodeInvalidResponseError'],
];
for (const [ErrorClass, name] of NAMES) {
  Object.defineProperty(ErrorClass.prototype, 'name', { value: name, writable: true, configurable: true });
}
