/** The journals in the journal directory, or the one journal of a plan file. */
import { readdirSync } from 'node:fs';
import type { Settings } from '../config.js';
import { journalFile, readPlanFile } from '../files.js';

export function listJournals(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith('.jsonl'))
      .sort();
  } catch {
    return [];
  }
}

export function journalsOf(settings: Settings, key: string, file: string | undefined): string[] {
  if (file) return [journalFile(settings.journalDir, readPlanFile(file, key).id)];
  return listJournals(settings.journalDir).map((name) => `${settings.journalDir}/${name}`);
}
