// The release check's app: an HRMS server as a vendor writes it against the installed packages (Express, the
// handler in cookie and token mode, a memory store, no better-sqlite3). It serves three pages under a strict CSP:
//   /         the prebuilt bundle only (<script type="module" src>), cookie mode
//   /de       the prebuilt German bundle, cookie mode
//   /vite/    a page Vite bundled from `import '@hexnode-offboard/elements'`, token mode, German preloaded
// Usage: node build/server.js <Hexnode base URL> <Hexnode API key> [window ms]; prints "listening on <origin>".
// The window is Hexnode's rate-limit minute, shortened as the simulator's is (--window-ms), so that the budget the
// handler keeps matches the portal's: the check's three click-throughs spend more than a real minute's calls.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { createMemoryStore, mintSessionToken, type Actor } from '@hexnode-offboard/proxy';
import { createExpressMiddleware, createOffboardHandler } from '@hexnode-offboard/proxy/node';

const [baseUrl, apiKey, windowMs] = process.argv.slice(2);
if (!baseUrl || !apiKey) throw new Error('usage: server.js <hexnode base url> <api key> [window ms]');

const SECRET = 'release-check-session-token-secret-0123456789';
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
const HR: Actor = { id: 'hr-1', name: 'Harriet HR', actions: ['lock', 'wipe'] };

const handler = createOffboardHandler({
  hexnode: { baseUrl, apiKey, ...(windowMs ? { budget: { windowMs: Number(windowMs) } } : {}) },
  // Cookie mode: this app's "session" is one cookie the pages set.
  authorize: async (request) =>
    /(?:^|;\s*)session=hr(?:;|$)/.test(request.headers.get('cookie') ?? '') ? HR : null,
  sessionTokens: { secret: SECRET },
  store: createMemoryStore(),
});

const bundleDir = dirname(fileURLToPath(import.meta.resolve('@hexnode-offboard/elements/bundle')));
const webDir = join(dirname(fileURLToPath(import.meta.url)), 'web');

const page = (title: string, script: string, locale?: string) => `<!doctype html>
<html lang="${locale ?? 'en'}">
  <head>
    <meta charset="utf-8" />
    <title>${title}</title>
    <script type="module" src="${script}"></script>
  </head>
  <body>
    <hexnode-offboard-provider endpoint="/api/hexnode-offboard"${locale ? ` locale="${locale}"` : ''}>
      <hexnode-offboard-button employee-email="jane.leaver@acme.example" employee-name="Jane Leaver" poll-interval="250">
      </hexnode-offboard-button>
    </hexnode-offboard-provider>
  </body>
</html>`;

const app = express();
app.use((_request, response, next) => {
  response.setHeader('Content-Security-Policy', CSP);
  next();
});
app.use(createExpressMiddleware(handler)); // before any body parser
app.get('/', (_request, response) => {
  response.cookie('session', 'hr', { httpOnly: true, sameSite: 'strict' });
  response.type('html').send(page('Prebuilt bundle', '/bundle/hexnode-offboard-elements.js'));
});
app.get('/de', (_request, response) => {
  response.cookie('session', 'hr', { httpOnly: true, sameSite: 'strict' });
  response.type('html').send(page('Prebuilt German bundle', '/bundle/hexnode-offboard-elements.de.js', 'de'));
});
app.get('/favicon.ico', (_request, response) => {
  response.status(204).end();
});
app.get('/token', async (request, response) => {
  const employee = String(request.query.employee ?? '');
  const token = await mintSessionToken({ secret: SECRET, actor: HR, employee, actions: ['lock'] });
  response.type('text').send(token);
});
app.use('/bundle', express.static(bundleDir));
app.use('/vite', express.static(webDir));

const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  console.log(`listening on http://127.0.0.1:${address.port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
