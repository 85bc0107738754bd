// The widget <-> handler protocol (also importable alone, without the client: `@hexnode-offboard/core/protocol`).
export * from './protocol/index.js';

// The Hexnode client.
export { HexnodeClient } from './client/client.js';
export type {
  HexnodeClientOptions,
  HexnodeHooks,
  HexnodeRequestInfo,
  HexnodeResponseInfo,
  RetryPolicy,
} from './client/options.js';
export type { DeviceListOptions } from './client/devices.js';
export type { NewUser, UserListOptions } from './client/users.js';
export type { PageOptions } from './client/paging.js';
export { MAX_PER_PAGE } from './client/paging.js';
// The request budget every call goes through (Hexnode's rate limit, shared by processes through a store).
export { RequestBudget, DEFAULT_BUDGET, FOREGROUND_WINDOW_RESERVE } from './budget/budget.js';
export { MemoryBudgetStore } from './budget/memory-store.js';
export type { BudgetRoom } from './budget/room.js';
export {
  DEFAULT_TRACKING_SCHEDULE_MS,
  DEFAULT_TRACKING_TICK_MS,
  checkSchedule,
  nextScheduled,
  scheduleFor,
  tickFor,
  trackedUntil,
} from './tracking/schedule.js';
export {
  IN_FLIGHT_MS,
  countedAt,
  dayFreesAt,
  dayWindow,
  inWindow,
  windowFull,
  type CountedCall,
} from './budget/counting.js';
export { BUDGET_PRIORITIES, DAY_BUCKETS } from './budget/types.js';
export type {
  AcquireOptions,
  BudgetOptions,
  BudgetReport,
  BudgetSlot,
  BudgetWait,
  BudgetPriority,
  BudgetStore,
  BudgetTake,
  BudgetTakeResult,
  BudgetUsage,
} from './budget/types.js';
export {
  HexnodeAuthenticationError,
  HexnodeBusyError,
  HexnodeBadRequestError,
  HexnodeError,
  HexnodeInvalidResponseError,
  HexnodeNotFoundError,
  HexnodeRateLimitError,
  HexnodeUnavailableError,
  type HexnodeErrorInit,
  type UnavailableReason,
} from './errors.js';
export type * from './hexnode/types.js';
export {
  ACTIONS as HEXNODE_ACTIONS,
  readActionReply,
  type HexnodeActionName,
  type HexnodeActionOptions,
  type HexnodeActionReply,
  type HexnodeWipeMode,
  type LockOptions,
  type LostModeOptions,
  type MessageOptions,
  type WipeOptions,
} from './hexnode/catalogue.js';

// Email -> user -> devices.
export { emailNote, normalizeEmail } from './directory/email.js';
export {
  HexnodeDirectory,
  type HexnodeDirectoryOptions,
  type LookupResult,
  type OwnershipCheck,
} from './directory/directory.js';
export {
  MemoryDirectoryIndexStore,
  type DirectoryIndexStore,
  type RefreshClaim,
} from './directory/index-store.js';
export type { DirectoryIndexState } from './directory/index-keeper.js';
export {
  SNAPSHOT_VERSION,
  type DirectorySnapshot,
  type SnapshotDevice,
  type SnapshotUser,
} from './directory/snapshot.js';
export {
  INDEX_REFRESH_FRACTION,
  refreshIntervalMs,
  type RefreshIntervalInput,
} from './directory/refresh-interval.js';

// Offboarding.
export {
  OffboardingPlanner,
  type ExecutionResult,
  type OffboardingPlan,
  type OffboardingPlannerOptions,
  type PartialExecution,
  type PartialExecutionError,
  type PlannedDevice,
  type RefusalReason,
  type Verification,
  type VerifiablePlan,
} from './planner/planner.js';
export { certainlyNotActed } from './planner/outcome.js';
export { toPreviewDevice } from './planner/preview.js';
export {
  DEFAULT_MARK_DISENROLLED_AFTER_MS,
  configRefusal,
  disenrollPendingSince,
  isShared,
  offersFor,
  refusalFor,
  refusalsFor,
  type ActionRefusal,
  type OfferContext,
  type OfferDevice,
} from './planner/offers.js';
export {
  PROTOCOL_ACTIONS,
  hexnodeActionOf,
  prepareProtocolAction,
  sendProtocolAction,
  type ProtocolActionSettings,
} from './planner/send.js';
export {
  commandsOfKind,
  findCommand,
  newestCommandId,
  toDeviceStatus,
  type CommandAnchor,
} from './planner/status.js';
