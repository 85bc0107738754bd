/** `plan`: a signed plan written to a file; sends no action. */
import type { Command } from 'commander';
import { connect } from '../../connection.js';
import { writePlanFile } from '../../files.js';
import { readLeavers } from '../../input.js';
import type { PlanAction } from '../../plan-types.js';
import { buildPlan } from '../../planning.js';
import { checkKey } from '../../signing.js';
import { actionOption, addColumns, columnsOf, settingsOf, type Common } from '../command-options.js';
import { err, format, out } from '../output.js';
import { planRows, summary } from '../plan-report.js';

export function addPlanCommand(program: Command): void {
  addColumns(
    program
      .command('plan')
      .description('what will happen, device by device; signed, naming its author; sends no action')
      .requiredOption('--terminated <file>', 'CSV or JSON export of terminated employees')
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
  ).action(
    async (
      options: Common & {
        terminated: string;
        action: PlanAction;
        out: string;
        message?: string;
        reassignTo?: string;
      },
      command: Command,
    ) => {
      const settings = settingsOf(command);
      const key = checkKey(settings.planKey);
      const leavers = await readLeavers(options.terminated, columnsOf(options));
      const connection = connect(settings.target, { budget: settings.budget });
      const plan = await buildPlan({
        connection,
        leavers,
        action: options.action,
        author: settings.author,
        sharedDeviceGroups: settings.sharedDeviceGroups,
        key,
        ...(options.message ? { message: options.message } : {}),
        ...(options.reassignTo !== undefined ? { reassignTo: options.reassignTo } : {}),
      });
      writePlanFile(options.out, plan);
      out(format(planRows(plan), options.format));
      err(summary(plan));
      if (plan.totals.toAct > settings.approvalThreshold)
        err(`needs approval by someone other than ${plan.author}: hexnode-offboard approve ${options.out}\n`);
    },
  );
}
