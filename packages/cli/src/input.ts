/**
 * Reading an HRMS export: CSV or JSON, strict UTF-8, common column names recognised (others named by flag), one
 * row per employee. Anything malformed is one `OffboardError('bad_input')` naming the file and the row; nothing
 * is sent to Hexnode before the whole file has been read.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { normalizeEmail } from '@hexnode-offboard/core';
import { OffboardError } from './errors.js';

export interface Leaver {
  /** The email as HR wrote it ('' when the row has none). */
  email: string;
  name?: string;
  employeeId?: string;
  /** 1-based data row (CSV: not counting the header; JSON: the array index + 1); 0 for a group's member. */
  row: number;
  /** The Hexnode user group that named this leaver, when it came from a group rather than the file. */
  group?: string;
}

export interface ColumnNames {
  email?: string;
  name?: string;
  employeeId?: string;
}

const KNOWN = {
  email: ['email', 'emailaddress', 'workemail', 'mail', 'officialemail', 'companyemail', 'businessemail'],
  name: ['name', 'fullname', 'employeename', 'displayname'],
  employeeId: ['employeeid', 'id', 'empid', 'employeenumber', 'workerid', 'personnelnumber', 'staffid'],
} as const;

const squash = (header: string): string => header.toLowerCase().replace(/[^a-z0-9]/g, '');

function findColumn(
  headers: string[],
  wanted: string | undefined,
  known: readonly string[],
): string | undefined {
  if (wanted !== undefined)
    return headers.find((header) => header === wanted || squash(header) === squash(wanted));
  return known.map((name) => headers.find((header) => squash(header) === name)).find(Boolean);
}

/** Decodes strictly: a file that is not UTF-8 (a Latin-1 or UTF-16 export) is refused, never guessed. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new OffboardError(
      'bad_input',
      `${file}: not UTF-8 text. Export the file as UTF-8 (CSV UTF-8) and try again.`,
    );
  }
}

function csvRows(text: string, file: string): Record<string, string>[] {
  try {
    return parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<
      string,
      string
    >[];
  } catch (error) {
    const { message, lines } = error as { message: string; lines?: number };
    throw new OffboardError(
      'bad_input',
      `${file}: not valid CSV${lines ? ` (line ${lines})` : ''}: ${message}`,
    );
  }
}

function jsonRows(text: string, file: string): Record<string, unknown>[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new OffboardError('bad_input', `${file}: not valid JSON: ${(error as Error).message}`);
  }
  const rows = Array.isArray(data) ? data : (data as { employees?: unknown })?.employees;
  if (!Array.isArray(rows) || rows.some((row) => !row || typeof row !== 'object' || Array.isArray(row))) {
    throw new OffboardError('bad_input', `${file}: expected a JSON array of employee objects.`);
  }
  return rows as Record<string, unknown>[];
}

const text = (value: unknown): string | undefined =>
  value === undefined || value === null ? undefined : String(value).trim() || undefined;

/** Turns rows into leavers: finds the columns, refuses duplicates. */
export function toLeavers(
  rows: Record<string, unknown>[],
  file: string,
  columns: ColumnNames = {},
): Leaver[] {
  if (rows.length === 0) throw new OffboardError('bad_input', `${file}: no employees in the file.`);
  const headers = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const email = findColumn(headers, columns.email, KNOWN.email);
  if (!email) {
    throw new OffboardError(
      'bad_input',
      `${file}: no email column${columns.email ? ` named "${columns.email}"` : ''} (columns: ${headers.join(', ') || 'none'}). ` +
        'Name it with --email-column.',
    );
  }
  if (columns.name && !findColumn(headers, columns.name, [])) {
    throw new OffboardError('bad_input', `${file}: no column named "${columns.name}".`);
  }
  const name = findColumn(headers, columns.name, KNOWN.name);
  const id = findColumn(headers, columns.employeeId, KNOWN.employeeId);
  const seen = new Map<string, number>();
  return rows.map((row, index) => {
    const leaver: Leaver = { email: text(row[email]) ?? '', row: index + 1 };
    const leaverName = name ? text(row[name]) : undefined;
    const employeeId = id ? text(row[id]) : undefined;
    if (leaverName) leaver.name = leaverName;
    if (employeeId) leaver.employeeId = employeeId;
    const key = normalizeEmail(leaver.email) || (employeeId ? `id:${employeeId}` : '');
    if (key) {
      const first = seen.get(key);
      if (first !== undefined) {
        throw new OffboardError(
          'bad_input',
          `${file}: ${leaver.email || `employee ${employeeId}`} is on rows ${first} and ${index + 1}; list each leaver once.`,
        );
      }
      seen.set(key, index + 1);
    }
    return leaver;
  });
}

/** Reads a CSV or JSON export (JSON when the name ends in .json or the text starts with `[` or `{`). */
export async function readLeavers(file: string, columns: ColumnNames = {}): Promise<Leaver[]> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new OffboardError(
      'bad_input',
      `${file}: cannot read the file (${(error as NodeJS.ErrnoException).code}).`,
    );
  }
  const content = decodeUtf8(bytes, file).replace(/^\uFEFF/, '');
  const trimmed = content.trimStart();
  const json = file.toLowerCase().endsWith('.json') || trimmed.startsWith('[') || trimmed.startsWith('{');
  return toLeavers(json ? jsonRows(content, file) : csvRows(content, file), file, columns);
}
