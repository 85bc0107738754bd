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
export type { DeviceListOptions, NewUser, UserListOptions } from './client/resources.js';
export type { PageOptions } from './client/paging.js';
export { MAX_PER_PAGE } from './client/paging.js';
export {
  HexnodeAuthenticationError,
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
  type HexnodeActionName,
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
} from './planner/planner.js';
export { certainlyNotActed } from './planner/outcome.js';
export { toPreviewDevice } from './planner/preview.js';
export { ACTION_KIND_TO_HEXNODE, findCommand, toDeviceStatus } from './planner/status.js';
