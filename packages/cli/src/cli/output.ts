/** Printing: aligned tables for people, CSV and JSON for scripts; results to stdout, notes to stderr. */
export const out = (text: string) => process.stdout.write(text);
export const err = (text: string) => process.stderr.write(text);

export type Row = Record<string, string | number>;

export function table(rows: readonly Row[]): string {
  if (rows.length === 0) return '(nothing)\n';
  const keys = Object.keys(rows[0]!);
  const widths = keys.map((key) => Math.max(key.length, ...rows.map((row) => String(row[key]).length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return `${[line(keys), ...rows.map((row) => line(keys.map((key) => String(row[key]))))].join('\n')}\n`;
}

const csvCell = (value: string | number): string => {
  const text = String(value);
  // A leading = + - @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function csv(rows: readonly Row[]): string {
  if (rows.length === 0) return '';
  const keys = Object.keys(rows[0]!);
  return `${[keys.join(','), ...rows.map((row) => keys.map((key) => csvCell(row[key]!)).join(','))].join('\n')}\n`;
}

export function format(rows: readonly Row[], as: string | undefined): string {
  if (as === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  if (as === 'csv') return csv(rows);
  return table(rows);
}
