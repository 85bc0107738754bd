import './define.js';

export { HexnodeOffboardButton, type OffboardState } from './offboard-button.js';
export { HexnodeOffboardProvider } from './offboard-provider.js';
export { defineOffboardElements } from './define.js';
export { offboardContext, type OffboardConfig } from './context.js';
export { OffboardRequestError } from './api.js';
export * from './events.js';
export {
  en,
  type ActionChoice,
  type OffboardErrorCode,
  type OffboardStrings,
  type OffboardStringsOverrides,
} from './strings.js';
