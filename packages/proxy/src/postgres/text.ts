/**
 * PostgreSQL text cannot hold the NUL character, and the handler uses it as a separator in rate-limit keys
 * and reserved actor ids (no HRMS id can contain it). Key columns therefore store an escaped form:
 * a backslash becomes two, NUL becomes `\0`. The escaping is reversible and keeps distinct strings distinct,
 * and text without either character is stored as it is.
 */
export function encodeText(value: string): string;
export function encodeText(value: string | null): string | null;
export function encodeText(value: string | null): string | null {
  if (value === null) return null;
  return value.includes('\\') || value.includes('\u0000')
    ? value.replaceAll('\\', '\\\\').replaceAll('\u0000', '\\0')
    : value;
}

export function decodeText(value: string): string;
export function decodeText(value: string | null): string | null;
export function decodeText(value: string | null): string | null {
  if (value === null || !value.includes('\\')) return value;
  return value.replace(/\\(\\|0)/g, (_, escaped: string) => (escaped === '0' ? '\u0000' : '\\'));
}
