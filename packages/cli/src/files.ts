/** Plan files and journal paths on disk. */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OffboardError } from './errors.js';
import type { OffboardPlan } from './plan-types.js';
import { verifyPlan } from './signing.js';

export function readPlanFile(file: string, key: string): OffboardPlan {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new OffboardError('bad_plan', `${file}: cannot read the plan (${(error as Error).message}).`);
  }
  return verifyPlan(data, key);
}

/** Written to a temporary file and renamed, so a crash never leaves half a plan. */
export function writePlanFile(file: string, plan: OffboardPlan): void {
  writeFileSync(`${file}.tmp`, `${JSON.stringify(plan, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

export const journalFile = (journalDir: string, planId: string): string =>
  join(journalDir, `${planId}.jsonl`);
