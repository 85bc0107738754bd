/** `plan`: a signed plan written to a file; sends no action. */
import type { Command } from 'commander';
import { namesOf } from '../../config.js';
import { connect } from '../../connection.js';
import { writePlanFile } from '../../files.js';
import { readLeavers } from '../../input.js';
import type { PlanAction } from '../../plan-types.js';
import { buildPlan } from '../../planning.js';
import { OffboardError } from '../../errors.js';
import { approvalReason, checkKey } from '../../signing.js';
import { actionOption, addColumns, columnsOf, settingsOf, type Common } from '../command-options.js';
import { err, format, out } from '../output.js';
import { planRows, summary } from '../plan-report.js';

export function addPlanCommand(program: Command): void {
  addColumns(
    program
      .command('plan')
      .description('what will happen, device by device; signed, naming its author; sends no action')
      .option('--terminated <file>', 'CSV or JSON export of terminated employees')
      .option(
        '--user-group <names>',
        'comma-separated Hexnode user groups whose members are leavers too (needs a second person)',
      )
      .option(
        '--device-group <names>',
        'comma-separated Hexnode device groups: only their devices are acted on (needs a second person)',
      )
      .addOption(actionOption())
      .requiredOption('--out <file>', 'where to write the plan')
      .option('--message <text>', 'lock screen message (lock)')
      .option(
        '--shared-device-groups <names>',
        'comma-separated device groups of shared devices: never wiped, warned; the only ones reassigned',
      )
      .option(
        '--reassign-to <user>',
        'reassign: the pool account (email or Hexnode user id) shared devices are handed to',
      ),
  ).action(runPlan);
}

/** Reads the leavers and the groups, builds the signed plan, writes it, and says whether it needs a second person. */
async function runPlan(
  options: Common & {
    terminated?: string;
    userGroup?: string;
    deviceGroup?: string;
    action: PlanAction;
    out: string;
    message?: string;
    reassignTo?: string;
  },
  command: Command,
): Promise<void> {
  const settings = settingsOf(command);
  const key = checkKey(settings.planKey);
  const userGroups = namesOf(options.userGroup);
  if (options.terminated === undefined && userGroups.length === 0) {
    throw new OffboardError(
      'bad_input',
      'Name the leavers: --terminated <file>, --user-group <names>, or both.',
    );
  }
  const leavers =
    options.terminated === undefined ? [] : await readLeavers(options.terminated, columnsOf(options));
  const connection = connect(settings.target, { budget: settings.budget });
  const plan = await buildPlan({
    connection,
    leavers,
    action: options.action,
    author: settings.author,
    sharedDeviceGroups: settings.sharedDeviceGroups,
    userGroups,
    deviceGroups: namesOf(options.deviceGroup),
    key,
    ...(options.message ? { message: options.message } : {}),
    ...(options.reassignTo !== undefined ? { reassignTo: options.reassignTo } : {}),
  });
  writePlanFile(options.out, plan);
  out(format(planRows(plan), options.format));
  err(summary(plan));
  const reason = approvalReason(plan, settings.approvalThreshold);
  if (reason !== null) {
    err(
      `${reason}: it needs approval by someone other than ${plan.author}: hexnode-offboard approve ${options.out}\n`,
    );
  }
}
