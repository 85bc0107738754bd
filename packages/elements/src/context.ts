import { createContext } from '@lit/context';
import type { OffboardStringsOverrides } from './strings.js';

/** What a `<hexnode-offboard-provider>` shares with every button below it. */
export interface OffboardConfig {
  /** The handler's base URL. Default `/api/hexnode-offboard`. */
  endpoint?: string;
  /** A session token minted by the HRMS backend; sent as `Authorization: Bearer <token>`. */
  sessionToken?: string;
  /** Returns a fresh session token; called when there is none and again when the handler says it expired. */
  fetchSessionToken?: () => Promise<string>;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /** `fetch` credentials mode. Default `same-origin`. */
  credentials?: RequestCredentials;
  /** BCP 47 language tag for dates and the built-in strings (`en`, `de`). */
  locale?: string;
  /** Replacements for any of the strings; a group (`errors`, `actionNames`, ...) may be given in part. */
  strings?: OffboardStringsOverrides;
}

// A string key (not a Symbol) so that a provider and a button from two copies of this package still meet.
export const offboardContext = createContext<OffboardConfig | undefined>('hexnode-offboard-config');
