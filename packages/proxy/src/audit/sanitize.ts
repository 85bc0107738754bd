/**
 * Text that reaches the audit log or a log line comes from a browser. Control characters, line and
 * paragraph separators and bidi overrides are replaced, so a record can never forge a second log
 * line or hide text, and length is capped.
 */

// C0 and C1 controls, DEL, U+2028/U+2029, and the bidi embedding/override/isolate characters.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function sanitizeText(value: string, maxLength = 1000): string {
  const clean = value.replace(UNSAFE, '\uFFFD');
  return clean.length > maxLength ? `${clean.slice(0, maxLength)}…` : clean;
}

export function sanitizeOptional(value: string | undefined, maxLength?: number): string | undefined {
  return value === undefined ? undefined : sanitizeText(value, maxLength);
}
