/**
 * @hexnode-offboard/simulator: a Hexnode MDM portal in a box. This entry uses Web APIs only, so it runs in
 * Node, in browsers and in msw's service worker. The loopback HTTP server is in `@hexnode-offboard/simulator/node`.
 */
export {
  createSimulator,
  CONTROL_PREFIX,
  DEFAULT_API_KEY,
  DEFAULT_BASE_URL,
  DEFAULT_CHECKIN_MS,
} from './simulator.js';
export { createHexnodeHandlers } from './msw.js';
export { generateFleet, DEFAULT_USERS, DEFAULT_DEVICES } from './fleet/seed.js';
export { HARD_CASES } from './fleet/hard-cases.js';
export { NO_FAULTS } from './faults.js';
export {
  DEFAULT_THROTTLE,
  type BudgetReport,
  type ThrottleOptions,
  type ThrottleSettings,
} from './throttle.js';
export * as guesses from './guesses.js';
export type {
  CommandStatus,
  DeviceType,
  EnrollmentStatus,
  Faults,
  Fleet,
  FleetDevice,
  FleetDeviceGroup,
  FleetSpec,
  FleetUser,
  FleetUserGroup,
  Ownership,
  Platform,
  RequestLogEntry,
  SimCommand,
  SimDevice,
  SimDeviceGroup,
  Simulator,
  SimulatorOptions,
  SimUser,
  SimUserGroup,
} from './types.js';
