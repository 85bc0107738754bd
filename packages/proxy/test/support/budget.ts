/** The budget the two-process test runs: 10 calls per 300 ms window, all of them the kit's. */
export const BUDGET_UNDER_TEST = { callsPerWindow: 10, share: 1, windowMs: 300, maxWaitMs: 60_000 } as const;
