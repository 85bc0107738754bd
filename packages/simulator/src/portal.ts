/** The mutable parts of one simulated portal, shared by its dispatch, its fault injection and its control surface. */
import type { TokenBucket } from './faults.js';
import type { Random } from './random.js';
import type { State } from './state.js';
import type { Throttle } from './throttle.js';
import type { Faults, RequestLogEntry, Simulator } from './types.js';

export interface Portal {
  readonly now: () => number;
  readonly apiKey: string;
  /** The API base URL, ending with `/`. */
  readonly baseUrl: string;
  readonly state: State;
  readonly log: RequestLogEntry[];
  readonly bucket: TokenBucket;
  readonly throttle: Throttle;
  faults: Faults;
  jitterRandom: Random;
  errorRandom: Random;
}

/** What the control surface needs besides the portal: the simulator's own methods and the fleet it was given. */
export interface ControlContext {
  portal: Portal;
  simulator: Simulator;
  /** The seed, or null when an explicit fleet replaced the seeded one. */
  seed: number | null;
}
