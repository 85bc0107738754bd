/**
 * `POST {base}/actions`: one confirmed intent, as named steps (docs/handler.md, steps 7–14):
 * check (authorization, scope) → reserve (idempotency key, limits, confirmation, the employee's lock, repeat)
 * → verify ownership and offers (against Hexnode, right before sending) → send (the intent record naming each
 * device's action, then one Hexnode call per action kind) → record (the result with the idempotency record).
 * Each reservation pushes its undo; a refusal before Hexnode was called unwinds them, so the corrected request
 * may use the same key. The request's two forms (`action` + `deviceIds`, or `devices: [{ id, action }]`) are
 * read as one list of devices with their actions (`intentDevices`). (Just over 300 lines: the steps share one
 * request's state and undo stack; what each step needs lives beside it in action-*.ts.)
 */
import {
  intentDevices,
  type ActionKind,
  reportedActionOf,
  type ActionOptions,
  type ActionRequest,
  type DeviceAction,
  type ErrorCode,
  type ReportedAction,
} from '@hexnode-offboard/core/protocol';
import { sanitizeOptional } from '../../audit/sanitize.js';
import { employeeKey } from '../../auth/identity.js';
import { ProblemError, jsonResponse, problemResponse, type ProblemExtras } from '../../http/problem.js';
import { LockNotHeldError } from '../../store/errors.js';
import type { AuditEntry, AuditRecord, IdempotencyScope } from '../../store/types.js';
import type { AuditFields } from '../audit-log.js';
import { tenantOf, type Auth } from '../auth.js';
import { newId, type RequestContext } from '../context.js';
import { EmployeeLock } from '../employee-lock.js';
import { hexnodeProblem } from '../hexnode.js';
import { claimKey, completeKey, fingerprintOf, releaseKey, replay } from '../idempotency.js';
import { HOUR_MS, consumeRate, rateKey, retryAfterSeconds } from '../limits.js';
import type { RouteInput } from '../routes.js';
import { UndoStack } from '../undo.js';
import { acceptedAnswer, auditOptions, intentNotes, outcomeOf } from './action-answer.js';
import { checkOffers, confirmationHolds, forbiddenDetail, refusalDetail } from './action-checks.js';
import { recheck, type Recheck } from './action-recheck.js';
import { sendByKind, type KindSent } from './action-send.js';
import { waitForBudget } from './action-wait.js';
import { startTracking } from '../../tracking/start.js';

export async function runAction(
  ctx: RequestContext,
  auth: Auth,
  input: RouteInput<ActionRequest>,
): Promise<Response> {
  return new ActionRun(ctx, auth, input).run();
}

/** The devices Hexnode is about to be asked to act on, who they belong to, and the options as sent. */
type Verified = Extract<Recheck, { ok: true }> & { options: ActionOptions };

class ActionRun {
  readonly #ctx: RequestContext;
  readonly #auth: Auth;
  readonly #input: ActionRequest;
  readonly #raw: unknown;
  readonly #email: string;
  /** Each device once, with its action, in the order asked. */
  readonly #devices: DeviceAction[];
  readonly #deviceIds: number[];
  readonly #action: ReportedAction;
  readonly #tenant: string | null;
  readonly #scope: IdempotencyScope;
  /** The fields every record of this action shares (the employee is described once the run starts). */
  #base: Omit<AuditFields, 'outcome'>;
  readonly #undo = new UndoStack();
  #lock: EmployeeLock | null = null;

  constructor(ctx: RequestContext, auth: Auth, input: RouteInput<ActionRequest>) {
    const body = input.body;
    this.#ctx = ctx;
    this.#auth = auth;
    this.#input = body;
    this.#raw = input.raw;
    this.#email = employeeKey(body.employee.email);
    const seen = new Set<number>();
    this.#devices = intentDevices(body).filter((device) => !seen.has(device.id) && seen.add(device.id));
    this.#deviceIds = this.#devices.map((device) => device.id);
    this.#action = reportedActionOf(this.#devices);
    this.#tenant = tenantOf(auth);
    this.#scope = { tenant: this.#tenant, actorId: auth.actor.id, key: input.idempotencyKey ?? '' };
    this.#base = {
      event: 'action',
      employee: { email: this.#email },
      deviceIds: this.#deviceIds,
      action: this.#action,
      options: auditOptions(body.options ?? {}, this.#kinds),
      reason: sanitizeOptional(body.reason) ?? null,
      idempotencyKey: input.idempotencyKey,
    };
  }

  async run(): Promise<Response> {
    const employee = await this.#ctx.audit.employee(this.#ctx, this.#auth, this.#input.employee, this.#email);
    this.#base = { ...this.#base, employee };
    await this.#check();
    const replayed = await this.#claimKey();
    if (replayed) return replayed;
    try {
      await this.#reserve();
      const verified = await this.#verifyOwnership();
      const intent = await this.#recordIntent(verified);
      const sent = await sendByKind(this.#ctx, verified.side, this.#sendable(verified), verified.options);
      const answer = await this.#record(intent, sent);
      if (answer.status === 202) await startTracking(this.#ctx, verified.side, intent.actionId!);
      return answer;
    } catch (error) {
      await this.#undo.unwind();
      throw error;
    } finally {
      await this.#lock?.release(this.#ctx);
    }
  }

  /** Records the refusal and returns the problem to throw. */
  #deny(code: ErrorCode, extras: ProblemExtras = {}): Promise<ProblemError> {
    return this.#ctx.audit.deny(this.#ctx, this.#auth, this.#base, code, extras);
  }

  #entry(fields: Partial<AuditEntry> & Pick<AuditEntry, 'outcome'>): AuditEntry {
    return this.#ctx.audit.entry(this.#ctx, this.#auth, { ...this.#base, ...fields });
  }

  /** The distinct actions of the intent. */
  get #kinds(): Set<ActionKind> {
    return new Set(this.#devices.map((device) => device.action));
  }

  /** Authorization and scope (the schema and the option rules ran in the pipeline). */
  async #check(): Promise<void> {
    const detail = forbiddenDetail(this.#ctx, this.#auth, this.#email, this.#devices);
    if (detail !== null) throw await this.#deny('forbidden', { detail });
  }

  /** Reserves the idempotency key (one Hexnode action per key); a finished key's answer is replayed instead. */
  async #claimKey(): Promise<Response | null> {
    const claim = await claimKey(this.#ctx, this.#scope, fingerprintOf('actions', this.#raw));
    if (claim.status === 'mismatch') throw await this.#deny('idempotency_conflict');
    if (claim.status === 'in_flight' || (claim.status === 'completed' && !claim.record.response)) {
      throw await this.#deny('idempotency_in_flight', { retryAfter: 1 });
    }
    if (claim.status === 'completed' && claim.record.response) {
      await this.#ctx.audit.bestEffort(this.#ctx, this.#entry({ outcome: 'replayed' }));
      return replay(this.#ctx, { ...claim.record, response: claim.record.response });
    }
    // From here the key is ours: give it back on any refusal before Hexnode is called.
    this.#undo.push(() => releaseKey(this.#ctx, this.#scope));
    return null;
  }

  /** Blast-radius and rate limits, confirmation and reason, the employee's lock, and `repeat`. */
  async #reserve(): Promise<void> {
    const { config } = this.#ctx;
    const { maxDevicesPerAction, maxActionsPerActorPerHour } = config.limits;
    if (this.#deviceIds.length > maxDevicesPerAction) {
      throw await this.#deny('limit_exceeded', {
        detail: `At most ${maxDevicesPerAction} devices per action.`,
      });
    }
    const key = rateKey('actions', this.#auth);
    const eventId = newId('rate');
    const rate = await consumeRate(this.#ctx, key, maxActionsPerActorPerHour, HOUR_MS, eventId);
    if (!rate.allowed) {
      throw await this.#deny('rate_limited', {
        detail: `At most ${maxActionsPerActorPerHour} actions per hour.`,
        retryAfter: retryAfterSeconds(rate.retryAfterMs),
      });
    }
    this.#undo.push(() => config.store.refundRateLimit(key, eventId).catch(() => undefined));

    if (!confirmationHolds(config, this.#input, this.#devices))
      throw await this.#deny('confirmation_mismatch');
    if (config.requireReason && (this.#input.reason ?? '').trim() === '')
      throw await this.#deny('reason_required');

    // One action at a time per employee: two HR admins (or two tabs) cannot both pass the check below.
    this.#lock = await EmployeeLock.claim(this.#ctx, this.#tenant, this.#email);
    if (!this.#lock) {
      throw await this.#deny('idempotency_in_flight', {
        detail: 'Another action on this employee is being sent; try again in a moment.',
        retryAfter: 2,
      });
    }
    // IT's follow-up on a disenroll that stays pending is not a second offboarding.
    const followUp = this.#devices.every((device) => device.action === 'mark_disenrolled');
    if (
      this.#input.repeat !== true &&
      !followUp &&
      (await this.#ctx.audit.actedBefore(this.#tenant, this.#email))
    ) {
      throw await this.#deny('already_offboarded', {
        detail: 'Send repeat: true to act on this employee again.',
      });
    }
  }

  /**
   * Ownership and the offers rule, re-checked against Hexnode right before sending: one device that fails
   * refuses them all (`device_not_owned`, or `action_not_offered` with every refusal).
   */
  async #verifyOwnership(): Promise<Verified> {
    try {
      await waitForBudget(this.#ctx, this.#auth, this.#devices); // within the bound, else hexnode_busy
      const result = await recheck(this.#ctx, this.#auth, this.#email, this.#devices);
      if (!result.ok) throw await this.#deny(result.code, result.extras);
      const offers = await checkOffers(
        this.#ctx,
        this.#auth,
        result,
        this.#devices,
        this.#input.options ?? {},
      );
      if (offers.refusals.length > 0) {
        throw await this.#deny('action_not_offered', {
          detail: refusalDetail(offers.refusals),
          refusals: offers.refusals,
        });
      }
      return { ...result, options: offers.options };
    } catch (error) {
      if (error instanceof ProblemError) throw error;
      const problem = hexnodeProblem(error);
      if (!problem) throw error;
      throw await this.#deny(problem.code, problem.extras);
    }
  }

  /** The devices to name in the calls: every verified one, each with its action. */
  #sendable(verified: Verified): DeviceAction[] {
    const send = new Set(verified.send);
    return this.#devices.filter((device) => send.has(device.id));
  }

  /**
   * No audit, no wipe: the intent record is on disk (fsynced) before Hexnode hears anything, written only
   * while this request still holds the employee's lock and within the pre-send deadline.
   */
  async #recordIntent(verified: Verified): Promise<AuditRecord> {
    const lock = this.#lock!;
    const now = this.#ctx.now();
    if (lock.overdue(now)) {
      throw await this.#deny('hexnode_unavailable', {
        detail: 'Hexnode took too long to confirm the devices; nothing was sent. Try again.',
        retryAfter: 10,
      });
    }
    const entry = this.#entry({
      outcome: 'allowed',
      hexnodeUser: verified.hexnodeUser,
      attempt: 1,
      actionId: newId('act'),
      ...(verified.options.reassignTo !== undefined
        ? { options: { ...this.#base.options, reassignTo: verified.options.reassignTo } }
        : {}),
      devices: intentNotes(this.#devices, verified),
    });
    try {
      return await this.#ctx.audit.orRefuse(this.#ctx, entry, { durable: true, lock: lock.claim(now) });
    } catch (error) {
      if (!(error instanceof LockNotHeldError)) throw error;
      throw await this.#deny('idempotency_in_flight', {
        detail: 'Another action on this employee started while this one was being checked; nothing was sent.',
        retryAfter: 2,
      });
    }
  }

  /**
   * The result record and the idempotency record land together. Only an intent whose every call Hexnode
   * certainly refused (a 4xx: nothing happened) gives the key and the rate event back; after anything else
   * Hexnode may have acted, so a retry with the key replays this answer instead of sending again.
   */
  async #record(intent: AuditRecord, calls: KindSent[]): Promise<Response> {
    const ctx = this.#ctx;
    const outcome = outcomeOf(intent, calls);
    const result = this.#entry({
      event: 'action_result',
      hexnodeUser: intent.hexnodeUser,
      attempt: 1,
      actionId: intent.actionId,
      ...(intent.options ? { options: intent.options } : {}),
      ...(outcome.sent
        ? {
            outcome: 'sent',
            hexnodeStatus: 200,
            ...(outcome.notes.length > 0 ? { devices: outcome.notes } : {}),
          }
        : { outcome: 'failed', code: outcome.problem.code, hexnodeStatus: outcome.hexnodeStatus }),
    });
    if (outcome.sent) {
      // The intent's options name a wipe's mode exactly when the intent holds a wipe.
      const accepted = acceptedAnswer(intent, result, this.#devices, this.#action, intent.options?.mode);
      const answer = jsonResponse(accepted, ctx.requestId, 202);
      this.#undo.drop();
      await completeKey(ctx, this.#scope, answer, result);
      return answer;
    }
    const { problem } = outcome;
    const answer = problemResponse(problem.code, ctx.requestId, problem.extras);
    if (outcome.certainlyNotActed) {
      await ctx.audit.bestEffort(ctx, result);
      await this.#undo.unwind();
    } else {
      this.#undo.drop();
      await completeKey(ctx, this.#scope, answer, result);
    }
    return answer;
  }
}
