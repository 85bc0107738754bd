/**
 * The one way the kit compares email addresses: trimmed, Unicode-normalised (NFKC) and case-folded.
 * `null`, `undefined` and blank strings normalise to `""`, which never matches anything.
 *
 * Case folding is approximated with `toUpperCase().toLowerCase()`, which also folds the characters a
 * plain `toLowerCase()` misses (`ß` -> `ss`, final `ς` -> `σ`).
 */
export function normalizeEmail(email: string | null | undefined): string {
  if (typeof email !== 'string') return '';
  const trimmed = email.normalize('NFKC').trim();
  if (trimmed === '') return '';
  return trimmed.toUpperCase().toLowerCase().normalize('NFKC');
}
