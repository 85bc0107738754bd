/**
 * @hexnode-offboard/cli as a library: the engine behind `hexnode-offboard`, for an HRMS that runs offboarding
 * from its own scheduler. Read leavers, build a signed plan, apply it with a resumable journal.
 */
export { OffboardError } from './errors.js';
export { readLeavers, toLeavers, decodeUtf8, type ColumnNames, type Leaver } from './input.js';
export { connect, type Connection, type ConnectOptions, type Target } from './connection.js';
export { mapLeavers, mappingRows, type MappedLeaver } from './mapping.js';
export { buildPlan, type PlanOptions } from './planning.js';
export {
  PLAN_ACTIONS,
  PLAN_FORMAT,
  devicesToAct,
  type MatchStatus,
  type OffboardPlan,
  type PlanAction,
  type PlanApproval,
  type PlanDevice,
  type PlanLeaver,
} from './plan-types.js';
export { approvalReason, approvePlan, checkApproval, checkKey, signPlan, verifyPlan } from './signing.js';
export { applyPlan, replay, type ApplyOptions, type ApplyProgress, type ApplyResult } from './apply.js';
export { Journal, readJournal, type JournalEntry, type JournalEvent } from './journal.js';
export { takeLock } from './lock-file.js';
export { recheckOwnership, type Recheck } from './recheck.js';
export {
  runDoctor,
  ABSENT_DEVICE_ID,
  type ActionProbe,
  type DoctorCheck,
  type DoctorReport,
} from './doctor.js';
export { runStatus, type DeviceState, type DeviceStatus } from './status.js';
export { trackRun, type RunTracking, type TrackOptions } from './run-tracker.js';
export { readPlanFile, writePlanFile, journalFile } from './files.js';
export { resolveSettings, DEFAULT_APPROVAL_THRESHOLD, type Settings, type Flags } from './config.js';
export { offboard, type OffboardOptions, type OffboardResult } from './offboard.js';
