/**
 * `approve`, `apply` and `offboard` (plan, confirm, apply in one run): the commands that lead to actions sent to
 * Hexnode, sharing the run's printing and the --batch-size check.
 */
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { HexnodeDirectory } from '@hexnode-offboard/core';
import { applyPlan } from '../../apply.js';
import type { Settings } from '../../config.js';
import { connect } from '../../connection.js';
import { OffboardError } from '../../errors.js';
import { readPlanFile, writePlanFile } from '../../files.js';
import { readLeavers } from '../../input.js';
import type { OffboardPlan, PlanAction } from '../../plan-types.js';
import { buildPlan } from '../../planning.js';
import { progressReporter } from '../../progress.js';
import { approvePlan, checkApproval, checkKey } from '../../signing.js';
import { actionOption, addColumns, columnsOf, settingsOf, type Common } from '../command-options.js';
import { err, format, out } from '../output.js';
import { planRows, summary } from '../plan-report.js';

export function addApproveCommand(program: Command): void {
  program
    .command('approve')
    .description('approve a plan written by someone else')
    .argument('<plan>', 'plan file')
    .action((file: string, _options: unknown, command: Command) => {
      const settings = settingsOf(command);
      const key = checkKey(settings.planKey);
      const plan = approvePlan(readPlanFile(file, key), settings.author, key);
      writePlanFile(file, plan);
      err(`approved by ${settings.author}: ${summary(plan)}`);
    });
}

export function addApplyCommand(program: Command): void {
  program
    .command('apply')
    .description('run a plan; run it again after a crash to resume')
    .argument('<plan>', 'plan file')
    .option('--batch-size <n>', 'most devices one Hexnode action names', '100')
    .action(async (file: string, options: { batchSize: string }, command: Command) => {
      const settings = settingsOf(command);
      const key = checkKey(settings.planKey);
      const plan = readPlanFile(file, key);
      checkApproval(plan, settings.approvalThreshold);
      await runApply(settings, plan, key, batchSizeOf(options.batchSize));
    });
}

interface OffboardOptions extends Common {
  terminated: string;
  action: PlanAction;
  dryRun?: boolean;
  yes?: boolean;
  out?: string;
  message?: string;
  reassignTo?: string;
  batchSize: string;
}

export function addOffboardCommand(program: Command): void {
  addColumns(
    program
      .command('offboard')
      .description('plan, confirm on the terminal, apply')
      .requiredOption('--terminated <file>', 'CSV or JSON export of terminated employees')
      .addOption(actionOption())
      .option('--dry-run', 'print the plan, send nothing')
      .option('--yes', 'do not ask for confirmation')
      .option('--out <file>', 'also write the plan here')
      .option('--batch-size <n>', 'most devices one Hexnode action names', '100')
      .option('--message <text>', 'lock screen message (lock)')
      .option(
        '--shared-device-groups <names>',
        'comma-separated device groups of shared devices: never wiped, warned; the only ones reassigned',
      )
      .option(
        '--reassign-to <user>',
        'reassign: the pool account (email or Hexnode user id) shared devices are handed to',
      ),
  ).action(async (options: OffboardOptions, command: Command) => {
    const settings = settingsOf(command);
    const key = checkKey(settings.planKey);
    const leavers = await readLeavers(options.terminated, columnsOf(options));
    const connection = connect(settings.target, { budget: settings.budget });
    // One directory for the plan and the re-check: the lists are read once in this run.
    const directory = new HexnodeDirectory(connection.client.withPriority('index'));
    const plan = await buildPlan({
      connection,
      directory,
      leavers,
      action: options.action,
      author: settings.author,
      sharedDeviceGroups: settings.sharedDeviceGroups,
      key,
      ...(options.message ? { message: options.message } : {}),
      ...(options.reassignTo !== undefined ? { reassignTo: options.reassignTo } : {}),
    });
    if (options.out) writePlanFile(options.out, plan);
    out(format(planRows(plan), options.format));
    err(summary(plan));
    if (options.dryRun) return;
    checkApproval(plan, settings.approvalThreshold);
    if (!options.yes && !(await confirm(plan)))
      throw new OffboardError('not_confirmed', 'Not confirmed: nothing was sent.');
    await runApply(settings, plan, key, batchSizeOf(options.batchSize), connection, directory);
  });
}

async function confirm(plan: OffboardPlan): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await rl.question(
    `Type ${plan.totals.toAct} to ${plan.action} ${plan.totals.toAct} devices: `,
  );
  rl.close();
  return answer.trim() === String(plan.totals.toAct);
}

function batchSizeOf(value: string): number {
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1 || size > 100)
    throw new OffboardError('bad_input', '--batch-size must be 1 to 100.');
  return size;
}

async function runApply(
  settings: Settings,
  plan: OffboardPlan,
  key: string,
  batchSize: number,
  existing?: ReturnType<typeof connect>,
  directory?: HexnodeDirectory,
) {
  const connection = existing ?? connect(settings.target, { budget: settings.budget });
  const progress = progressReporter();
  try {
    const result = await applyPlan({
      connection,
      plan,
      key,
      journalDir: settings.journalDir,
      approvalThreshold: settings.approvalThreshold,
      batchSize,
      ...(directory ? { directory } : {}),
      onProgress: progress.onProgress,
    });
    progress.stop();
    out(
      `sent ${result.sent.length}, refused ${result.refused.length}, pending ${result.pending.length} (${result.calls} Hexnode calls; journal ${result.journal})\n`,
    );
    for (const { id, reason } of result.refused) out(`refused device ${id}: ${reason}\n`);
    if (result.pending.length) {
      process.exitCode = 5;
      err(`${result.pending.length} devices unresolved: run the same command again to resume.\n`);
    }
  } finally {
    progress.stop();
  }
}
