/**
 * The API key (and the session secret, tokens and cookies) must appear in no response body, no response
 * header, no console output and no audit record, whatever happens, Hexnode failures included.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createSqliteStore } from '@hexnode-offboard/proxy/node';
import {
  ACTORS,
  API_KEY,
  JANE,
  SECRET,
  actionBody,
  browserRequest,
  makeHandler,
  useSimulator,
  tokenFor,
} from './support/harness.js';
import { tempDir } from './support/stores.js';

const sim = useSimulator();

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

test('the API key, session secret, tokens and cookies appear in no response, header, console line or audit record', async () => {
  const temp = tempDir();
  const path = join(temp.dir, 'offboard.db');
  const store = createSqliteStore({ path });
  const captured: string[] = [];
  const originals = CONSOLE_METHODS.map((method) => [method, console[method]] as const);
  for (const method of CONSOLE_METHODS) {
    console[method] = (...args: unknown[]) => {
      captured.push(
        args.map((arg) => (typeof arg === 'string' ? arg : (JSON.stringify(arg) ?? String(arg)))).join(' '),
      );
    };
  }
  const transcripts: string[] = [];
  const record = async (response: Response) => {
    transcripts.push(`${response.status} ${JSON.stringify([...response.headers])} ${await response.text()}`);
  };
  try {
    const handler = makeHandler(sim, { store });
    const token = await tokenFor(ACTORS.hr, JANE, ['lock', 'wipe']);
    const key = crypto.randomUUID();

    await record(await handler(browserRequest('/preview', { employee: { email: JANE } })));
    await record(await handler(browserRequest('/preview', { employee: { email: JANE } }, { token })));
    const sent = await handler(
      browserRequest('/actions', actionBody(sim.simulator), { idempotencyKey: key }),
    );
    const { id } = (await sent.clone().json()) as { id: string };
    await record(sent);
    await record(
      await handler(browserRequest('/actions', actionBody(sim.simulator), { idempotencyKey: key })),
    );
    await record(
      await handler(
        browserRequest('/actions', actionBody(sim.simulator, { reason: 'other' }), { idempotencyKey: key }),
      ),
    );
    await record(await handler(browserRequest(`/actions/${id}`, null, { method: 'GET' })));
    await record(
      await handler(browserRequest('/audit?format=jsonl', null, { method: 'GET', actor: 'admin' })),
    );
    await record(
      await handler(
        browserRequest('/actions', actionBody(sim.simulator), { origin: 'https://evil.example' }),
      ),
    );
    await record(
      await handler(browserRequest('/actions', null, { contentType: 'text/plain', rawBody: API_KEY })),
    );
    await record(await handler(browserRequest('/actions', actionBody(sim.simulator, { apiKey: API_KEY }))));
    await record(
      await handler(browserRequest('/actions', actionBody(sim.simulator), { token: `${token}x` })),
    );

    // Hexnode failing in every way the simulator can: errors, garbage, drift, a refused key.
    for (const faults of [{ errorRate: 1 }, { malformedJson: true }, { schemaDrift: true }]) {
      sim.simulator.reset();
      sim.simulator.setFaults(faults);
      const fresh = makeHandler(sim, { store });
      await record(await fresh(browserRequest('/preview', { employee: { email: JANE } })));
      await record(await fresh(browserRequest('/actions', actionBody(sim.simulator, { repeat: true }))));
    }
    sim.simulator.reset();
    const wrongKey = makeHandler(sim, { store, hexnode: { baseUrl: sim.url, apiKey: `${API_KEY}-revoked` } });
    await record(await wrongKey(browserRequest('/preview', { employee: { email: JANE } })));
    await record(await wrongKey(browserRequest('/actions', actionBody(sim.simulator, { repeat: true }))));
    const throwingAuthorize = makeHandler(sim, {
      store,
      authorize: async () => {
        throw new Error(`session store down, key ${API_KEY}`);
      },
    });
    await record(await throwingAuthorize(browserRequest('/preview', { employee: { email: JANE } })));

    const audit = JSON.stringify(await store.readAudit());
    const haystacks = { responses: transcripts.join('\n'), console: captured.join('\n'), audit };
    const needles = {
      'API key': API_KEY,
      'session secret': SECRET,
      'session token': token,
      'session cookie': 'session=hr',
    };
    for (const [where, text] of Object.entries(haystacks)) {
      for (const [what, needle] of Object.entries(needles)) {
        assert.ok(!text.includes(needle), `${what} found in ${where}`);
      }
    }
    // The store's file holds no secret either.
    await store.close?.();
    for (const file of ['offboard.db', 'offboard.db-wal']) {
      let bytes = '';
      try {
        bytes = readFileSync(join(temp.dir, file), 'latin1');
      } catch {
        continue;
      }
      assert.ok(!bytes.includes(API_KEY) && !bytes.includes(token), `secret found in ${file}`);
    }
    // The search itself found what it looked through.
    assert.ok(transcripts.length >= 20);
    assert.ok(audit.includes(JANE));
    assert.ok(
      captured.some((line) => line.includes('unexpected error')),
      'the failing authorize hook was logged',
    );
  } finally {
    for (const [method, original] of originals) console[method] = original as never;
    temp.remove();
  }
});
