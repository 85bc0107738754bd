/** What several commands share: resolved settings, the HRMS column flags and the --action option. */
import type { Command } from 'commander';
import { Option } from 'commander';
import { resolveSettings, type Flags, type Settings } from '../config.js';
import type { ColumnNames } from '../input.js';
import { PLAN_ACTIONS } from '../plan-types.js';

export interface Common extends Flags, ColumnNames {
  format?: string;
}

export function settingsOf(command: Command): Settings {
  return resolveSettings(command.optsWithGlobals() as Flags);
}

export function columnsOf(
  options: Common & { emailColumn?: string; nameColumn?: string; idColumn?: string },
): ColumnNames {
  return {
    ...(options.emailColumn ? { email: options.emailColumn } : {}),
    ...(options.nameColumn ? { name: options.nameColumn } : {}),
    ...(options.idColumn ? { employeeId: options.idColumn } : {}),
  };
}

export function addColumns(command: Command): Command {
  return command
    .option(
      '--email-column <name>',
      'the column holding the work email (default: email, work email, mail, ...)',
    )
    .option('--name-column <name>', 'the column holding the name')
    .option('--id-column <name>', 'the column holding the employee id');
}

export const actionOption = () =>
  new Option('--action <action>', 'what to do to every device')
    .choices([...PLAN_ACTIONS])
    .makeOptionMandatory();
