/** What every route handler of the simulated API gets: the portal's state and the parsed request. */
import type { State } from '../state.js';

export interface ApiContext {
  state: State;
  /** The request URL. */
  url: URL;
  /** The API base URL links are built on, e.g. `https://acme.hexnodemdm.com/api/v1/`. */
  baseUrl: string;
  /** Path below the base, without the leading slash: `users/12/`. */
  path: string;
  params: string[];
  /** Parsed JSON body (undefined when there was none). */
  body: unknown;
  now: number;
  drift: boolean;
}

export type Handler = (ctx: ApiContext) => Response;
