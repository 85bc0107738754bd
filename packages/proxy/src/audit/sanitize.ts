/**
 * Text that reaches the audit log or a log line comes from a browser. Control characters, line and
 * paragraph separators, bidi overrides and lone surrogates are replaced, so a record can never forge a
 * second log line or hide text, and length is capped in characters (code points): a cut never splits a
 * surrogate pair, and the result, ellipsis included, is at most `maxLength` characters.
 */

// C0 and C1 controls, DEL, U+2028/U+2029, the bidi embedding/override/isolate characters, and UTF-16
// surrogates that are not part of a pair.
const UNSAFE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ELLIPSIS = '…';

/** `value` with unsafe characters replaced by U+FFFD, cut to at most `maxLength` characters. */
export function sanitizeText(value: string, maxLength = 1000): string {
  const clean = value.replace(UNSAFE, '\uFFFD');
  if (clean.length <= maxLength) return clean; // at most maxLength UTF-16 units: at most as many characters
  const characters = Array.from(clean);
  if (characters.length <= maxLength) return clean;
  if (maxLength < 1) return '';
  return `${characters.slice(0, maxLength - 1).join('')}${ELLIPSIS}`;
}

export function sanitizeOptional(value: string | undefined, maxLength?: number): string | undefined {
  return value === undefined ? undefined : sanitizeText(value, maxLength);
}
