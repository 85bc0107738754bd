/** A small seeded PRNG (mulberry32) and helpers: the same seed always gives the same sequence. */
export type Random = () => number;

export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A deterministic 0..1 value for a pair of integers (no shared state). */
export function hash01(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

export function int(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new RangeError('pick() from an empty list');
  return item;
}

const ALNUM = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

export function hex(random: Random, length: number): string {
  // Eight hex digits per draw: far fewer draws and string pieces than one digit at a time.
  let out = '';
  while (out.length < length) out += ((random() * 4294967296) >>> 0).toString(16).padStart(8, '0');
  return out.slice(0, length);
}

export function alnum(random: Random, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALNUM[Math.floor(random() * ALNUM.length)];
  return out;
}

export function digits(random: Random, length: number): string {
  // Nine decimal digits per draw.
  let out = '';
  while (out.length < length) out += String(Math.floor(random() * 1e9)).padStart(9, '0');
  return out.slice(0, length);
}

/** A 15-digit IMEI with a valid Luhn check digit. */
export function imei(random: Random): string {
  const body = '35' + digits(random, 12);
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}
