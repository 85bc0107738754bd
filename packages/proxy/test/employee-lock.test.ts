/**
 * The per-employee lock holds for the whole action, under a fake clock: Hexnode may be slower than the lock's
 * lifetime, and a second admin with another idempotency key still cannot get a second action through.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { STORES } from './support/stores.js';
import {
  JANE,
  actionBody,
  browserRequest,
  deviceIdsOf,
  makeHandler,
  problemOf,
  useSimulator,
} from './support/harness.js';

const sim = useSimulator();
const MINUTE = 60_000;

/**
 * The network between the handler and Hexnode, able to hold device-detail reads (the ownership re-check)
 * until the test lets them go: Hexnode as slow as the test wants, without waiting in real time.
 */
class SlowHexnode {
  #held: (() => void)[] = [];
  #waiters: (() => void)[] = [];
  holding = true;

  readonly fetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    if (this.holding && request.method === 'GET' && /\/devices\/\d+\/$/.test(new URL(request.url).pathname)) {
      await new Promise<void>((resolve) => {
        this.#held.push(resolve);
        for (const wake of this.#waiters.splice(0)) wake();
      });
    }
    return fetch(request);
  };

  /** Resolves once at least `count` reads are held (one request re-checks its devices concurrently). */
  async held(count: number): Promise<void> {
    while (this.#held.length < count) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  /** Lets every read held so far through. */
  release(): void {
    for (const go of this.#held.splice(0)) go();
  }
}

for (const fixture of STORES) {
  describe(`the employee lock (${fixture.name})`, () => {
    test('Hexnode slower than the lock’s lifetime: two admins with different keys send exactly one Hexnode action', async () => {
      const opened = fixture.open();
      let clock = Date.UTC(2026, 10, 25, 9, 0, 0);
      const hexnode = new SlowHexnode();
      const handler = makeHandler(sim, { store: opened.store, now: () => clock, fetch: hexnode.fetch });
      try {
        // The first admin's complete wipe stalls in the ownership re-check, past the lock's two minutes.
        const first = handler(
          browserRequest('/actions', actionBody(sim.simulator, { options: { mode: 'complete' } }), {
            actor: 'hr',
          }),
        );
        await hexnode.held(deviceIdsOf(sim.simulator, JANE).length);
        clock += 3 * MINUTE;
        // The second admin, with another key and no `repeat`, gets the lock and sends.
        hexnode.holding = false;
        const second = await handler(
          browserRequest('/actions', actionBody(sim.simulator), { actor: 'admin' }),
        );
        assert.equal(second.status, 202);
        // The first admin's reads finally answer: too late, and the lock is no longer theirs. Nothing is sent.
        hexnode.release();
        const late = await problemOf(await first);
        assert.deepEqual([late.status, late.code], [502, 'hexnode_unavailable']);
        assert.match(String(late.body.detail), /nothing was sent/);
        assert.ok(Number(late.body.retryAfter) > 0, 'the answer says when to try again');
        assert.equal(sim.simulator.actionsSent().length, 1);
        assert.deepEqual(
          (sim.simulator.actionsSent()[0]!.body as { wipe_type: string }).wipe_type,
          'corporate',
        );
      } finally {
        await opened.cleanup();
      }
    });

    test('a request whose lock expired cannot release the lock its successor holds', async () => {
      const opened = fixture.open();
      let clock = Date.UTC(2026, 10, 25, 9, 0, 0);
      const hexnode = new SlowHexnode();
      const handler = makeHandler(sim, { store: opened.store, now: () => clock, fetch: hexnode.fetch });
      try {
        const first = handler(browserRequest('/actions', actionBody(sim.simulator), { actor: 'hr' }));
        await hexnode.held(deviceIdsOf(sim.simulator, JANE).length);
        clock += 3 * MINUTE;
        hexnode.release();
        // The second admin takes the expired lock and stalls in its own re-check.
        const second = handler(browserRequest('/actions', actionBody(sim.simulator), { actor: 'admin' }));
        await hexnode.held(deviceIdsOf(sim.simulator, JANE).length);
        // The first request ends (refused: it ran past its deadline) and gives back only its own lock.
        assert.equal((await first).status, 502);
        hexnode.holding = false;
        const third = await handler(browserRequest('/actions', actionBody(sim.simulator), { actor: 'hr' }));
        const refused = await problemOf(third);
        assert.deepEqual([refused.status, refused.code], [409, 'idempotency_in_flight']);
        hexnode.release();
        assert.equal((await second).status, 202);
        assert.equal(sim.simulator.actionsSent().length, 1);
      } finally {
        await opened.cleanup();
      }
    });
  });
}
