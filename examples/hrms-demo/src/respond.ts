/** How the demo answers: plain text, redirects, built pages, static assets, and reading a posted form. */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import type { BuiltPages, PageName } from './assets.js';
import { escapeHtml, type SafeHtml } from './html.js';
import { setPageHeaders } from './security.js';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

const MAX_FORM_BYTES = 4096;

export function plain(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  setPageHeaders(res);
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function json(res: ServerResponse, body: unknown): void {
  setPageHeaders(res);
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

export function redirect(res: ServerResponse, location: string, headers: Record<string, string> = {}): void {
  setPageHeaders(res);
  res.writeHead(303, { Location: location, 'Cache-Control': 'no-store', ...headers });
  res.end();
}

/** A page: its body in its Vite-built template. Never cached: profile pages carry session tokens. */
export function sendPage(
  res: ServerResponse,
  pages: BuiltPages,
  page: PageName,
  title: string,
  body: SafeHtml,
  status = 200,
): void {
  const document = pages.templates[page]
    .replace('<!--title-->', () => escapeHtml(`${title} · Acme People`))
    .replace('<!--body-->', () => body.value);
  setPageHeaders(res);
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(document);
}

/** A built asset under /assets/, cached for good (their names carry a hash); anything else is a 404. */
export async function serveAsset(res: ServerResponse, assetsDir: string, pathname: string): Promise<void> {
  const relative = normalize(decodeURIComponent(pathname.slice('/assets/'.length)));
  const file = join(assetsDir, relative);
  const type = CONTENT_TYPES[extname(file)];
  if (!type || relative.startsWith('..') || !file.startsWith(assetsDir + sep))
    return plain(res, 404, 'Not found');
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return plain(res, 404, 'Not found');
  }
  setPageHeaders(res);
  res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=31536000, immutable' });
  res.end(body);
}

/** A posted `application/x-www-form-urlencoded` form of at most 4 kB, or null. */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams | null> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return null;
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
