/**
 * How the kit compares email addresses: conservatively. An address is one identity with exactly the
 * addresses that are the same after trimming and lower-casing the ASCII letters A-Z, and nothing else is
 * folded. Unicode normalisation and full case folding would make lookalikes one identity: `ſam@` (long s),
 * `ｓam@` (fullwidth), `ﬃ` (ligature), `K` (Kelvin sign), `ß` and the dotless `ı` all fold onto another
 * person's ASCII address, so a profile spelled with them could reach that person's devices.
 */
import { MAX_EMAIL_LENGTH, type EmailNote } from '../protocol/index.js';

const ASCII_UPPER = /[A-Z]/g;
// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\u0000-\u007f]/;

/**
 * The identity key of an address: trimmed, ASCII letters lower-cased, nothing else changed. `null`,
 * `undefined`, blank strings and keys longer than {@link MAX_EMAIL_LENGTH} give `""`, which never matches.
 */
export function normalizeEmail(email: string | null | undefined): string {
  if (typeof email !== 'string') return '';
  const key = email.trim().replace(ASCII_UPPER, (letter) => letter.toLowerCase());
  return key.length > MAX_EMAIL_LENGTH ? '' : key;
}

/** What the loose comparison (NFKC and full case folding) would have made of an address. */
function looseFold(email: string): string {
  return email.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
}

/**
 * Why an address is matched only exactly, for the preview to show; null for plain addresses.
 * - `non_ascii_local_part`: the part before `@` is not plain ASCII.
 * - `not_normalized`: the address changes under Unicode NFKC or full case folding.
 * `resembles` is what the loose comparison would have made of it (`ſam@acme.example` -> `sam@acme.example`),
 * when that differs: an address it must not be mistaken for.
 */
export function emailNote(email: string | null | undefined): EmailNote | null {
  const key = normalizeEmail(email);
  if (key === '') return null;
  const folded = looseFold(key);
  const resembles = folded !== key ? { resembles: folded } : {};
  const local = key.slice(0, Math.max(0, key.lastIndexOf('@')));
  if (NON_ASCII.test(local)) return { code: 'non_ascii_local_part', ...resembles };
  if (folded !== key) return { code: 'not_normalized', ...resembles };
  return null;
}
