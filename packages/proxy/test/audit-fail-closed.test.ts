/**
 * The handler against a hostile database: someone edits the SQLite file behind the store (real SQL through a
 * second connection) to hide a wipe, cut it off the end or forge a record. The handler decides from records
 * it verified, so a hidden wipe still blocks a second one, and once the log fails verification it refuses
 * (503 audit_unavailable) instead of trusting it. Hexnode must receive exactly one action throughout.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import {
  createMemoryStore,
  verifyAuditLog,
  type AnchoredHead,
  type AuditEntry,
} from '@hexnode-offboard/proxy';
import { createFileAnchor, createSqliteStore } from '@hexnode-offboard/proxy/node';
import { JANE, actionBody, browserRequest, makeHandler, problemOf, useSimulator } from './support/harness.js';
import { tempDir } from './support/stores.js';
import { AUDIT_KEY, sqliteEditedWithSql } from './support/tamper.js';

const sim = useSimulator();
let tamperable: ReturnType<typeof sqliteEditedWithSql>;
let anchorDir: ReturnType<typeof tempDir>;
let anchor: ReturnType<typeof createFileAnchor>;

let logged: string[];

/** A handler process on the database: a new one is a restart (it walks the log from the start). */
const start = () =>
  makeHandler(sim, {
    store: tamperable.store,
    audit: { key: AUDIT_KEY, anchor },
    logger: { error: (message) => logged.push(message) },
  });
const wipe = (handler: ReturnType<typeof start>) =>
  handler(browserRequest('/actions', actionBody(sim.simulator), { actor: 'hr' }));
const preview = (handler: ReturnType<typeof start>) =>
  handler(browserRequest('/preview', { employee: { email: JANE } }, { actor: 'hr' }));

async function assertProblem(response: Response, status: number, code: string) {
  const problem = await problemOf(response);
  assert.deepEqual({ status: problem.status, code: problem.code }, { status, code });
}

beforeEach(() => {
  logged = [];
  tamperable = sqliteEditedWithSql();
  anchorDir = tempDir();
  anchor = createFileAnchor(join(anchorDir.dir, 'anchors.jsonl'));
});

afterEach(async () => {
  await tamperable.cleanup();
  anchorDir.remove();
});

describe('a wipe hidden by editing the database', () => {
  test('editing employee_email does not let a second wipe through: the running handler still knows it, a restarted one refuses', async () => {
    const handler = start();
    assert.equal((await wipe(handler)).status, 202);
    assert.equal((await preview(handler)).status, 200); // the handler has now read the wipe's result too
    tamperable.db
      .prepare('UPDATE audit SET employee_email = ? WHERE employee_email = ?')
      .run('x@acme.example', JANE);

    await assertProblem(await wipe(handler), 409, 'already_offboarded');
    assert.deepEqual(logged, []);
    await assertProblem(await wipe(start()), 503, 'audit_unavailable');
    assert.deepEqual(logged, ['audit log failed verification']);
    assert.equal(sim.simulator.actionsSent().length, 1);
    assert.equal((await verifyAuditLog(tamperable.store, { key: AUDIT_KEY })).ok, false);
  });

  test('editing the record and its column alike (the seal then fails) makes a restarted handler refuse', async () => {
    assert.equal((await wipe(start())).status, 202);
    tamperable.db
      .prepare(
        `UPDATE audit SET employee_email = 'x@acme.example',
           record = json_set(record, '$.employee.email', 'x@acme.example') WHERE employee_email = ?`,
      )
      .run(JANE);

    const restarted = start();
    await assertProblem(await wipe(restarted), 503, 'audit_unavailable');
    await assertProblem(await preview(restarted), 503, 'audit_unavailable');
    assert.equal(sim.simulator.actionsSent().length, 1);
  });

  test("editing the tenant column to hide a wipe from its tenant's export makes the export refuse", async () => {
    assert.equal((await wipe(start())).status, 202);
    tamperable.db.prepare(`UPDATE audit SET tenant = 'globex' WHERE event = 'action'`).run();

    const exported = await start()(browserRequest('/audit', null, { method: 'GET', actor: 'admin' }));
    await assertProblem(exported, 503, 'audit_unavailable');
  });
});

describe('a wipe cut off the end of the log, the head moved to match', () => {
  test('the running handler sees the head move back and refuses; a restarted one refuses against the anchor', async () => {
    const handler = start();
    assert.equal((await preview(handler)).status, 200);
    assert.equal((await wipe(handler)).status, 202);
    tamperable.cutLast(2); // the intent and the result

    await assertProblem(await preview(handler), 503, 'audit_unavailable');
    await assertProblem(await wipe(start()), 503, 'audit_unavailable');
    assert.equal(sim.simulator.actionsSent().length, 1);
    const anchored = await anchor.latest();
    assert.equal((await verifyAuditLog(tamperable.store, { key: AUDIT_KEY, anchor: anchored })).ok, false);
  });
});

describe('a record forged with the public hash function', () => {
  test('a record appended by another writer without the key makes the running handler refuse', async () => {
    const handler = start();
    assert.equal((await wipe(handler)).status, 202);
    const forger = createSqliteStore({ path: tamperable.path });
    try {
      const [intent] = await forger.readAudit({ events: ['action'] });
      const forged: AuditEntry = {
        ...intent!,
        id: 'aud_forged',
        event: 'action_result',
        outcome: 'failed',
        hexnodeStatus: 400,
      };
      await forger.appendAudit(forged);
    } finally {
      await forger.close?.();
    }
    await assertProblem(await wipe(handler), 503, 'audit_unavailable');
    assert.equal(sim.simulator.actionsSent().length, 1);
  });
});

describe('anchoring', () => {
  test('an intent is anchored before the action is sent; other records at most once per anchorEveryMs', async () => {
    let clock = Date.UTC(2026, 10, 25, 9, 0, 0);
    const heads: AnchoredHead[] = [];
    const store = createMemoryStore();
    const handler = makeHandler(sim, {
      store,
      now: () => clock,
      audit: { key: AUDIT_KEY, anchor: (head) => void heads.push(head), anchorEveryMs: 60_000 },
    });
    assert.equal((await preview(handler)).status, 200);
    assert.equal((await preview(handler)).status, 200);
    assert.deepEqual(
      heads.map((head) => head.seq),
      [1],
    );
    assert.equal((await wipe(handler)).status, 202);
    const [intent] = await store.readAudit({ events: ['action'], outcomes: ['allowed'] });
    assert.deepEqual(heads.at(-1), {
      seq: intent!.seq,
      hash: intent!.hash,
      at: new Date(clock).toISOString(),
    });
    clock += 60_000;
    assert.equal((await preview(handler)).status, 200);
    assert.equal(heads.length, 3);
    assert.equal((await verifyAuditLog(store, { key: AUDIT_KEY, anchor: heads.at(-1)! })).ok, true);
  });

  test('a short audit key, a bad anchor or a negative interval throws when the handler is created', () => {
    const bad = [
      { key: 'short' },
      { key: AUDIT_KEY, anchor: { latest: () => null } as never },
      { key: AUDIT_KEY, anchorEveryMs: -1 },
    ];
    for (const audit of bad) assert.throws(() => makeHandler(sim, { audit }), TypeError);
  });

  test('an anchor that cannot be written is logged and does not refuse the action', async () => {
    const errors: string[] = [];
    const handler = makeHandler(sim, {
      store: createMemoryStore(),
      audit: {
        key: AUDIT_KEY,
        anchor: () => {
          throw new Error('sink down');
        },
      },
      logger: { error: (message) => errors.push(message) },
    });
    assert.equal((await wipe(handler)).status, 202);
    assert.ok(errors.includes('audit anchor write failed'));
  });
});
