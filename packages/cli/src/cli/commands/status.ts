/** `status`: every run in the journal directory, or one run's per-device status (once, or until final). */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { Option } from 'commander';
import type { Settings } from '../../config.js';
import { connect } from '../../connection.js';
import { OffboardError } from '../../errors.js';
import { journalFile, readPlanFile } from '../../files.js';
import { readJournal } from '../../journal.js';
import type { PlanAction } from '../../plan-types.js';
import { checkKey } from '../../signing.js';
import { trackRun, type RunTracking } from '../../run-tracker.js';
import { FINAL } from '../../status.js';
import { settingsOf } from '../command-options.js';
import { listJournals } from '../journal-listing.js';
import { err, format, out } from '../output.js';

interface StatusOptions {
  watch?: boolean;
  format: string;
}

export function addStatusCommand(program: Command): void {
  program
    .command('status')
    .description("a run's per-device status, or every run in the journal directory")
    .argument('[run]', 'plan file or run id')
    .option(
      '--watch',
      "follow until every device is final, on the handler's schedule (10 s, 30 s, 1, 2, 5, 15 min, 1 h, then hourly to 24 h)",
    )
    .addOption(new Option('--format <format>', 'output').choices(['table', 'csv', 'json']).default('table'))
    .action(async (file: string | undefined, options: StatusOptions, command: Command) => {
      const settings = settingsOf(command);
      const key = checkKey(settings.planKey);
      if (!file) listRuns(settings, key, options);
      else await showRun(settings, key, file, options);
    });
}

function listRuns(settings: Settings, key: string, options: StatusOptions): void {
  const rows = listJournals(settings.journalDir).map((name) => {
    const entries = readJournal(`${settings.journalDir}/${name}`, key);
    const done = entries.findLast((entry) => entry.type === 'done');
    return {
      run: name.replace(/\.jsonl$/, ''),
      entries: entries.length,
      last: entries.at(-1)?.at ?? '',
      finished: done ? 'yes' : 'no',
    };
  });
  out(format(rows, options.format));
}

async function showRun(settings: Settings, key: string, file: string, options: StatusOptions): Promise<void> {
  // A plan file, or a run id (a journal's name, as `status` without an argument lists them).
  const plan = existsSync(file) ? readPlanFile(file, key) : undefined;
  const journal = journalFile(settings.journalDir, plan?.id ?? file);
  const run = readJournal(journal, key).find((entry) => entry.type === 'run');
  if (run?.type !== 'run') throw new OffboardError('bad_input', `No run ${file} in ${settings.journalDir}.`);
  const connection = connect(settings.target, { budget: settings.budget });
  const windowMs = settings.budget.windowMs;
  for (;;) {
    const tracking = await trackRun(
      connection.client,
      run.action as PlanAction,
      journal,
      readJournal(journal, key),
      windowMs === undefined ? {} : { windowMs },
    );
    out(
      format(
        tracking.devices.map((item) => ({ device: item.id, status: item.state })),
        options.format,
      ),
    );
    if (!options.watch || tracking.nextCheckAt === null) {
      if (options.watch) err(untracked(tracking));
      return;
    }
    err(`next check at ${new Date(tracking.nextCheckAt).toISOString()}\n`);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, tracking.nextCheckAt! - Date.now())));
  }
}

/** Why `--watch` stopped: every device final, or the schedule over with some still waiting. */
function untracked(tracking: RunTracking): string {
  const open = tracking.devices.filter((device) => !FINAL.includes(device.state)).length;
  return open === 0
    ? 'every device is final\n'
    : `tracking ended ${tracking.trackedUntil === null ? '' : `at ${new Date(tracking.trackedUntil).toISOString()} `}with ${open} device(s) not final\n`;
}
