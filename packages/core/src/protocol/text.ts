/** Text limits counted in characters (code points), shared by the protocol's schemas. Not exported by the package. */
import * as z from 'zod/mini';

/** Characters (code points, so an emoji is one), not UTF-16 units: a limit never halves a text nor splits a pair. */
const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;
const codePoints = (value: string) => value.length - (value.match(SURROGATE_PAIR)?.length ?? 0);
const atMost = (max: number) =>
  z.refine<string>((value) => codePoints(value) <= max, `At most ${max} characters.`);
export const text = (max: number) => z.string().check(atMost(max));
export const nonEmptyText = (max: number) => z.string().check(z.trim(), z.minLength(1), atMost(max));
