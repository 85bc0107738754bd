/**
 * `hexnode-offboard`: the command line over the engine. Every command prints one clear line and exits non-zero
 * on bad input, a refused plan or a held lock, before anything is sent to Hexnode. Each command is registered
 * from its own file under commands/; this file holds the global options and the exit codes.
 */
import { Command, CommanderError } from 'commander';
import { HexnodeError } from '@hexnode-offboard/core';
import { OffboardError } from '../errors.js';
import { addApplyCommand, addApproveCommand, addOffboardCommand } from './commands/apply.js';
import { addAuditCommands } from './commands/audit.js';
import { addDoctorCommand } from './commands/doctor.js';
import { addMapCommand } from './commands/map.js';
import { addPlanCommand } from './commands/plan.js';
import { addStatusCommand } from './commands/status.js';
import { err, out } from './output.js';

export function createProgram(): Command {
  const program = new Command('hexnode-offboard')
    .description(
      "Bulk and scheduled offboarding of leavers' devices in Hexnode MDM, with signed plans and a resumable journal.",
    )
    .option('--config <file>', 'JSON config file (default: hexnode-offboard.config.json)')
    .option('--portal <name>', 'Hexnode portal name (env HEXNODE_PORTAL)')
    .option('--base-url <url>', 'Hexnode API root instead of a portal (env HEXNODE_BASE_URL)')
    .option('--calls-per-minute <n>', "Hexnode's calls per window (default 30)")
    .option('--window-ms <ms>', "Hexnode's window in ms (default 60000)")
    .option('--share <0..1>', 'the part of the limits this kit spends (default 0.8)')
    .option('--journal-dir <dir>', 'where journals and locks live (default .hexnode-offboard)')
    .option('--approval-threshold <n>', 'plans acting on more devices need a second person (default 20)')
    .option(
      '--as <name>',
      'who you are, for plans and approvals (env HEXNODE_OFFBOARD_USER, else the OS user)',
    )
    .addHelpText(
      'after',
      '\nEnvironment: HEXNODE_API_KEY (required), HEXNODE_OFFBOARD_PLAN_KEY (signs plans and the journal).',
    )
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: err });

  // The order here is the order `--help` lists the commands in.
  addMapCommand(program);
  addPlanCommand(program);
  addApproveCommand(program);
  addApplyCommand(program);
  addOffboardCommand(program);
  addStatusCommand(program);
  addAuditCommands(program);
  addDoctorCommand(program);
  return program;
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await createProgram().parseAsync([...argv], { from: 'user' });
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof OffboardError) {
      err(`hexnode-offboard: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof HexnodeError) {
      err(`hexnode-offboard: Hexnode ${error.status ?? 'unreachable'}: ${error.message}\n`);
      return 3;
    }
    throw error;
  }
}
