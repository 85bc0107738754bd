/**
 * The widget <-> handler contract (see docs/protocol.md), as zod/mini schemas.
 *
 * Both sides import these: `@hexnode-offboard/elements` parses the handler's answers with them and
 * `@hexnode-offboard/proxy` parses the widget's requests with them. Request schemas are strict:
 * an unknown field (a smuggled `users`, `usergroups`, `devicegroups` or a Hexnode URL) is rejected.
 * These modules import zod/mini only, so a browser bundle stays small and never pulls in the Hexnode client.
 *
 * By part: `common.ts` (enums, the employee, a device id), `preview.ts`, `action.ts` (an intent, its answer and
 * its status), `problem.ts` (errors); `text.ts` holds the character limits they share.
 */
export * from './common.js';
export * from './preview.js';
export * from './action.js';
export * from './problem.js';
