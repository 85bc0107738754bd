/**
 * Integration mistakes get their own problem code, a detail for the developer and a server log line naming
 * the cause (each cause at most once a minute), instead of the `forbidden` / `not_found` HR would read as
 * "you are not allowed".
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  JANE,
  ORIGIN,
  actionBody,
  browserRequest,
  makeHandler,
  problemOf,
  useSimulator,
} from './support/harness.js';

const sim = useSimulator();

function withLog(options: Parameters<typeof makeHandler>[1] = {}) {
  const lines: { message: string; fields: Record<string, unknown> }[] = [];
  let clock = Date.UTC(2026, 10, 25, 9, 0, 0);
  const handler = makeHandler(sim, {
    now: () => clock,
    logger: { error: (message, fields) => void lines.push({ message, fields }) },
    ...options,
  });
  return { handler, lines, advance: (ms: number) => (clock += ms) };
}

test('a refused origin is 403 origin_not_allowed, says which origin, and logs what to change', async () => {
  const { handler, lines } = withLog();
  const response = await handler(
    browserRequest('/preview', { employee: { email: JANE } }, { origin: 'http://localhost:5173' }),
  );
  const problem = await problemOf(response);
  assert.deepEqual([problem.status, problem.code], [403, 'origin_not_allowed']);
  assert.match(
    String(problem.body.detail),
    /Origin http:\/\/localhost:5173, which is not one of the handler's allowed origins/,
  );
  assert.equal(lines.length, 1);
  assert.match(
    lines[0]!.message,
    /^request refused \(origin_not_allowed\): Origin http:\/\/localhost:5173 is not in allowedOrigins \[https:\/\/hr\.acme\.example\]/,
  );
  assert.match(lines[0]!.message, /changeOrigin/);
  assert.match(String(lines[0]!.fields.requestId), /^req_/);
});

test('a missing CSRF header is 403 csrf_header_missing, and the log names the header', async () => {
  const { handler, lines } = withLog();
  const problem = await problemOf(
    await handler(browserRequest('/actions', actionBody(sim.simulator), { csrfHeader: null })),
  );
  assert.deepEqual([problem.status, problem.code], [403, 'csrf_header_missing']);
  assert.match(String(problem.body.detail), /X-Hexnode-Offboard: 1/);
  assert.match(
    lines[0]?.message ?? '',
    /^request refused \(csrf_header_missing\): the X-Hexnode-Offboard: 1 header is missing/,
  );
  assert.deepEqual(sim.simulator.actionsSent(), []);
});

test('a path outside the base path is 404 base_path_mismatch, naming both, with a log line', async () => {
  const { handler, lines } = withLog({ basePath: '/hr/offboard' });
  const problem = await problemOf(await handler(browserRequest('/preview', { employee: { email: JANE } })));
  assert.deepEqual([problem.status, problem.code], [404, 'base_path_mismatch']);
  assert.equal(
    problem.body.detail,
    'This handler serves /hr/offboard; the request was for /api/hexnode-offboard/preview.',
  );
  assert.match(lines[0]?.message ?? '', /basePath is \/hr\/offboard: mount it there or set basePath/);
  // An unknown route under the base path is still plain not_found, and not logged.
  const unknown = await handler(new Request(`${ORIGIN}/hr/offboard/wipe`, { method: 'POST' }));
  assert.equal((await problemOf(unknown)).code, 'not_found');
  assert.equal(lines.length, 1);
});

test('each cause is logged at most once a minute, however often it recurs', async () => {
  const { handler, lines, advance } = withLog();
  const refused = () =>
    handler(browserRequest('/preview', { employee: { email: JANE } }, { origin: 'https://evil.example' }));
  for (let index = 0; index < 20; index++) assert.equal((await refused()).status, 403);
  assert.equal(lines.length, 1);
  await handler(browserRequest('/preview', { employee: { email: JANE } }, { csrfHeader: null }));
  assert.equal(lines.length, 2, 'another cause has its own line');
  advance(60_000);
  await refused();
  assert.equal(lines.length, 3);
});
