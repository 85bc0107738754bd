/**
 * @hexnode-offboard/proxy: the server handler an HRMS mounts. It holds the Hexnode API key, checks
 * every request, sends one confirmed intent per idempotency key (one Hexnode call per action kind) and keeps a hash-chained (with an
 * audit key, HMAC-sealed) audit log. This entry uses Web APIs only (fetch, Web Crypto): it runs on Node, edge runtimes and in a
 * browser page. The SQLite store and the Node adapters are in `@hexnode-offboard/proxy/node`.
 */
export {
  createOffboardHandler,
  DEFAULT_ACTIONS,
  DEFAULT_IDEMPOTENCY_TTL_MS,
  DEFAULT_MAX_ACTIONS_PER_ACTOR_PER_HOUR,
  DEFAULT_MAX_DEVICES_PER_ACTION,
  type ActionTracking,
  type OffboardHandler,
  type TrackingOffboardHandler,
} from './handler/handler.js';
export { MemoryTrackerStore } from './store/memory-trackers.js';
export { DEFAULT_TRACKING_SCHEDULE_MS, DEFAULT_TRACKING_TICK_MS } from '@hexnode-offboard/core';
export type {
  Actor,
  HexnodeConnection,
  HexnodeOption,
  OffboardHandlerOptions,
  OffboardLimits,
  OffboardLogger,
  ReassignTargetOption,
  ReassignToOption,
  WipeSettings,
} from './options.js';
export {
  mintSessionToken,
  verifySessionToken,
  createSessionTokenVerifier,
  DEFAULT_CLOCK_TOLERANCE_MS,
  DEFAULT_TOKEN_TTL_SECONDS,
  MAX_TOKEN_TTL_SECONDS,
  MIN_SECRET_LENGTH,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  type MintSessionTokenOptions,
  type SessionGrant,
  type TokenVerification,
  type TokenVerifyOptions,
} from './auth/session-tokens.js';
export { createMemoryStore, MemoryStore } from './store/memory.js';
export { LockNotHeldError } from './store/errors.js';
export type * from './store/types.js';
export {
  computeAuditHash,
  auditHashInput,
  canonicalJson,
  createAuditSeal,
  GENESIS_HASH,
  MIN_AUDIT_KEY_BYTES,
  type ChainSeal,
} from './audit/chain.js';
export { verifyAuditLog, type AuditVerification, type VerifyAuditLogOptions } from './audit/verify.js';
export { AuditIntegrityError, checkAuditColumns, type AuditColumns } from './audit/integrity.js';
export type { AnchoredHead, AuditAnchor, AuditHead, AuditOptions } from './audit/anchor.js';
export { PROBLEMS } from './http/problem.js';

// Zero-touch offboarding: signed termination events, scheduled jobs, the job queue and its worker.
export {
  createTerminationWebhookHandler,
  webhookJobKey,
  type TerminationWebhookHandler,
  type TerminationWebhookOptions,
  type WebhookEndpoint,
} from './webhook/handler.js';
export {
  constantTimeEqual,
  generateWebhookSecret,
  parseWebhookSecret,
  signWebhook,
  verifyWebhook,
  type VerifyWebhookOptions,
  type WebhookRefusal,
  type WebhookVerification,
} from './webhook/signature.js';
export { TERMINATION_EVENT_TYPE, TerminationEvent } from './webhook/event.js';
export {
  resolvePolicy,
  scheduledAt,
  zonedTime,
  type PolicyAction,
  type ResolvedPolicy,
  type TerminationPolicy,
} from './webhook/policy.js';
export {
  OFFBOARD_JOB_KIND,
  OffboardJobPayload,
  scheduleOffboarding,
  terminationJobKey,
  type ScheduleOffboardingRequest,
} from './jobs/offboard-job.js';
export {
  createOffboardingExecutor,
  type OffboardAlert,
  type OffboardingExecutorOptions,
} from './jobs/offboard-executor.js';
export type { OffboardResult } from './jobs/offboard-run.js';
export {
  backoffDelay,
  createJobWorker,
  type BackoffOptions,
  type JobContext,
  type JobExecutor,
  type JobWorker,
  type JobWorkerOptions,
} from './jobs/worker.js';
export { AwaitingApprovalError, PermanentJobError, RetryLaterError } from './jobs/errors.js';
export { approvalNeeded, DEFAULT_APPROVAL_MAX_DEVICES, type ApprovalOptions } from './jobs/approval.js';
export { createMemoryJobQueue, MemoryJobQueue } from './jobs/memory.js';
export type * from './jobs/types.js';
export { DEFAULT_MAX_ATTEMPTS, JOB_STATES } from './jobs/types.js';
