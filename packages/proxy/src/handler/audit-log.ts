/**
 * The handler's side of the audit log: how a record is built from a request, which records must exist before
 * the handler goes on (no audit, no wipe) and which may be lost, and what the handler reads back (history, the
 * actions it sent, whether Hexnode may already have acted on an employee).
 */
import type { Employee, ErrorCode, HistoryEntry } from '@hexnode-offboard/core/protocol';
import { AuditIntegrityError } from '../audit/integrity.js';
import { sanitizeText } from '../audit/sanitize.js';
import { AuditTrail } from '../audit/trail.js';
import { ProblemError, type ProblemExtras } from '../http/problem.js';
import { LockNotHeldError } from '../store/errors.js';
import type {
  AppendOptions,
  AuditEntry,
  AuditRecord,
  IdempotencyScope,
  StoredResponse,
} from '../store/types.js';
import { actorIdOf, tenantOf, type Auth } from './auth.js';
import type { HandlerConfig } from './config.js';
import { errorName, newId, type RequestContext } from './context.js';
import { hexnodeProblem } from './hexnode.js';
import { RefusalLimiter } from './refusals.js';

const HISTORY_LIMIT = 20;

/** The fields a route sets; everything else defaults to empty. */
export type AuditFields = Partial<AuditEntry> & Pick<AuditEntry, 'event' | 'outcome'>;

export class AuditLog {
  /** Every write and every decision read goes through the trail: sealed, verified, never a bare column. */
  readonly #trail: AuditTrail;
  readonly #logger: HandlerConfig['logger'];
  readonly #now: () => number;
  readonly #refusals: RefusalLimiter;
  readonly #resolve: HandlerConfig['resolveEmployee'];

  constructor(config: HandlerConfig) {
    this.#logger = config.logger;
    this.#trail = new AuditTrail({
      ...config.auditOptions,
      store: config.store,
      now: config.now,
      onError: (message, error) =>
        config.logger.error(message, {
          error: errorName(error),
          ...(error instanceof AuditIntegrityError ? { seq: error.seq, problem: error.problem } : {}),
        }),
    });
    this.#now = config.now;
    this.#resolve = config.resolveEmployee;
    this.#refusals = new RefusalLimiter(config.store, config.limits.maxRefusalsPerActorPerMinute);
  }

  /** Refuses at once while this actor is held for a flood of refusals (see `refusals.ts`). */
  gate(ctx: RequestContext, auth: Auth): void {
    this.#refusals.gate(ctx, auth);
  }

  /** Writes the "N similar refusals" record of every hold that is over. */
  async flushRefusals(ctx: RequestContext): Promise<void> {
    for (const entry of this.#refusals.due(ctx.now())) await this.bestEffort(ctx, entry);
  }

  /** A record of this request by this actor. */
  entry(ctx: RequestContext, auth: Auth, fields: AuditFields): AuditEntry {
    return {
      id: newId('aud'),
      time: new Date(this.#now()).toISOString(),
      requestId: ctx.requestId,
      auth: auth.mode,
      actor: { id: actorIdOf(auth), name: sanitizeText(auth.actor.name, 200) },
      tenant: tenantOf(auth),
      employee: null,
      hexnodeUser: null,
      deviceIds: [],
      action: null,
      options: null,
      reason: null,
      idempotencyKey: null,
      code: null,
      hexnodeStatus: null,
      attempt: null,
      actionId: null,
      ...fields,
    };
  }

  /**
   * The employee as a record holds it: the normalized email, and the name and id from the HRMS's
   * `resolveEmployee` hook (`source: 'hrms'`) or, without one, as the browser claimed them (`source: 'claimed'`).
   */
  async employee(
    ctx: RequestContext,
    auth: Auth,
    employee: Employee,
    email: string,
  ): Promise<NonNullable<AuditEntry['employee']>> {
    const resolved = await this.#resolveEmployee(ctx, auth, email);
    const known = resolved ?? employee;
    return {
      email, // the identity key, checked at the boundary (employeeKey): never cut nor altered
      ...(known.name !== undefined ? { name: sanitizeText(known.name, 200) } : {}),
      ...(known.id !== undefined ? { id: sanitizeText(known.id, 200) } : {}),
      source: resolved ? 'hrms' : 'claimed',
    };
  }

  async #resolveEmployee(
    ctx: RequestContext,
    auth: Auth,
    email: string,
  ): Promise<{ name?: string; id?: string } | null> {
    if (!this.#resolve) return null;
    try {
      const found = await this.#resolve(email, auth.actor);
      if (!found || typeof found !== 'object') return null;
      const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
      const name = text(found.name);
      const id = text(found.id);
      return { ...(name !== undefined ? { name } : {}), ...(id !== undefined ? { id } : {}) };
    } catch (error) {
      ctx.log('resolveEmployee failed', { error: errorName(error) });
      return null;
    }
  }

  /** Writes a record that must exist before the handler goes on (no audit, no wipe): else `audit_unavailable`. */
  async orRefuse(ctx: RequestContext, entry: AuditEntry, options?: AppendOptions): Promise<AuditRecord> {
    try {
      return await this.#trail.append(entry, options);
    } catch (error) {
      if (error instanceof LockNotHeldError) throw error;
      ctx.log('audit write failed', { error: errorName(error) });
      throw new ProblemError('audit_unavailable');
    }
  }

  /** Writes a record whose loss does not change the answer (a refusal, an outcome after the fact). */
  async bestEffort(ctx: RequestContext, entry: AuditEntry): Promise<void> {
    try {
      await this.#trail.append(entry);
    } catch (error) {
      ctx.log('audit write failed', { error: errorName(error) });
    }
  }

  /**
   * Records a refusal and returns the problem to throw; past the actor's refusal limit, throws `429` instead
   * and the refusal is counted in one summary record.
   */
  async deny(
    ctx: RequestContext,
    auth: Auth,
    fields: Omit<AuditFields, 'outcome'>,
    code: ErrorCode,
    extras: ProblemExtras = {},
  ): Promise<ProblemError> {
    const entry = this.entry(ctx, auth, { ...fields, outcome: 'denied', code });
    await this.#refusals.admit(ctx, auth, entry);
    await this.bestEffort(ctx, entry);
    return new ProblemError(code, extras);
  }

  /**
   * Records a request that failed while reading Hexnode and returns what to throw: the protocol's problem
   * (Hexnode's answer never passes through), or the error itself when it did not come from Hexnode.
   */
  async failed(
    ctx: RequestContext,
    auth: Auth,
    fields: Omit<AuditFields, 'outcome'>,
    error: unknown,
  ): Promise<unknown> {
    const problem = hexnodeProblem(error);
    const code = problem?.code ?? 'internal_error';
    await this.bestEffort(ctx, this.entry(ctx, auth, { ...fields, outcome: 'failed', code }));
    return problem ?? error;
  }

  /** Stores an action's answer with its sealed result record, in one store transaction. */
  complete(scope: IdempotencyScope, stored: StoredResponse, result?: AuditEntry): Promise<void> {
    return this.#trail.complete(scope, stored, result);
  }

  /** The employee's earlier actions, newest first, for the preview (from verified records). */
  history(tenant: string | null, email: string): Promise<HistoryEntry[]> {
    return this.#read(this.#trail.history(tenant, email, HISTORY_LIMIT));
  }

  /**
   * Whether Hexnode may already have acted on this employee: a result that says sent, an intent with no
   * result (in flight, or the process died after writing it), or a failure after which Hexnode may have
   * acted (a 5xx, a timeout, a lost connection). Only a failure Hexnode certainly refused does not count.
   */
  actedBefore(tenant: string | null, email: string): Promise<boolean> {
    return this.#read(this.#trail.actedBefore(tenant, email));
  }

  /** The action the handler sent, read back from its intent record, with its result record once there is one. */
  findAction(id: string): Promise<{ intent: AuditRecord; result: AuditRecord | null } | null> {
    return this.#read(this.#trail.actionRecords(id));
  }

  /** The tenant's records for the export, verified. */
  export(query: { tenant: string | null; afterSeq: number; limit: number }): Promise<AuditRecord[]> {
    return this.#read(this.#trail.export(query));
  }

  /** A decision read from the log: a log that cannot be read or failed verification refuses (fails closed). */
  #read<T>(read: Promise<T>): Promise<T> {
    return read.catch((error: unknown) => {
      if (!(error instanceof AuditIntegrityError)) {
        this.#logger.error('audit read failed', { error: errorName(error) });
      }
      throw new ProblemError('audit_unavailable');
    });
  }
}
