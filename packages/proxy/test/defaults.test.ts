// What a handler does when the HRMS leaves options out: where state goes, and how previews reach Hexnode.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  createFileAnchor,
  createOffboardHandler as createNodeHandler,
  createSqliteStore,
  DEFAULT_ANCHOR_PATH,
  DEFAULT_STORE_PATH,
} from '@hexnode-offboard/proxy/node';
import { verifyAuditLog } from '@hexnode-offboard/proxy';
import {
  API_KEY,
  CORPORATE_WIPE,
  JANE,
  ORIGIN,
  SAM,
  actionBody,
  authorizeFromCookie,
  browserRequest,
  makeHandler,
  useSimulator,
} from './support/harness.js';

const sim = useSimulator();

/** Hexnode list reads (users or devices pages) in the simulator's log since `from`. */
const listReads = (from: number) =>
  sim.simulator.log
    .slice(from)
    .filter((entry) => entry.method === 'GET' && /^\/(users|devices)\/$/.test(entry.path));

test('the Node entry keeps audit and idempotency records in a SQLite file when no store is given', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hexnode-offboard-defaults-'));
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    sim.simulator.reset();
    const handler = createNodeHandler({
      hexnode: { baseUrl: sim.url, apiKey: API_KEY, wipeOptions: { corporate: CORPORATE_WIPE } },
      authorize: authorizeFromCookie,
      allowedOrigins: [ORIGIN],
    });
    const response = await handler(browserRequest('/actions', actionBody(sim.simulator)));
    assert.equal(response.status, 202);
    const { auditId } = (await response.json()) as { auditId: string };

    const reopened = createSqliteStore({ path: join(dir, DEFAULT_STORE_PATH) });
    try {
      const verification = await verifyAuditLog(reopened);
      assert.equal(verification.ok, true);
      assert.ok(verification.records >= 1, 'the action left an audit record in the file');
      const records = await reopened.readAudit();
      assert.ok(records.some((record) => record.id === auditId));
      // The action's intent was anchored to a file beside the database before Hexnode heard of it.
      const anchored = await createFileAnchor(join(dir, DEFAULT_ANCHOR_PATH)).latest();
      const intent = records.find((record) => record.id === auditId)!;
      assert.deepEqual(anchored, { seq: intent.seq, hash: intent.hash });
      assert.equal((await verifyAuditLog(reopened, { anchor: anchored })).ok, true);
    } finally {
      await reopened.close?.();
    }
  } finally {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('after the first preview warms the index, later previews read no Hexnode list', async () => {
  sim.simulator.reset();
  const handler = makeHandler(sim);
  const first = await handler(browserRequest('/preview', { employee: { email: JANE } }));
  assert.equal(first.status, 200);
  const mark = sim.simulator.log.length;
  const second = await handler(browserRequest('/preview', { employee: { email: SAM } }));
  assert.equal(second.status, 200);
  const body = (await second.json()) as { status: string; devices: unknown[] };
  assert.equal(body.status, 'ready');
  assert.ok(body.devices.length > 0);
  assert.deepEqual(listReads(mark), []);
});

test('with warmDirectory false, every preview reads Hexnode for the devices it shows', async () => {
  sim.simulator.reset();
  const handler = makeHandler(sim, { warmDirectory: false });
  await handler(browserRequest('/preview', { employee: { email: JANE } }));
  const mark = sim.simulator.log.length;
  const second = await handler(browserRequest('/preview', { employee: { email: SAM } }));
  assert.equal(second.status, 200);
  assert.ok(listReads(mark).some((entry) => entry.path === '/devices/'));
});

test('a negative directory TTL is refused when the handler is created', () => {
  assert.throws(() => makeHandler(sim, { directoryTtlMs: -1 }), /directoryTtlMs/);
});
