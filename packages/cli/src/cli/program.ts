/**
 * `hexnode-offboard`: the command line over the engine. Every command prints one clear line and exits non-zero
 * on bad input, a refused plan or a held lock, before anything is sent to Hexnode.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { Command, CommanderError, Option } from 'commander';
import { HexnodeError } from '@hexnode-offboard/core';
import { applyPlan } from '../apply.js';
import { resolveSettings, type Flags, type Settings } from '../config.js';
import { connect } from '../connection.js';
import { runDoctor } from '../doctor.js';
import { OffboardError } from '../errors.js';
import { journalFile, readPlanFile, writePlanFile } from '../files.js';
import { readLeavers, type ColumnNames } from '../input.js';
import { readJournal } from '../journal.js';
import { mapLeavers, mappingRows } from '../mapping.js';
import { PLAN_ACTIONS, type OffboardPlan, type PlanAction } from '../plan-types.js';
import { buildPlan } from '../planning.js';
import { HexnodeDirectory } from '@hexnode-offboard/core';
import { progressReporter } from '../progress.js';
import { approvePlan, checkApproval, checkKey } from '../signing.js';
import { FINAL, runStatus } from '../status.js';
import { format, type Row } from './output.js';

const out = (text: string) => process.stdout.write(text);
const err = (text: string) => process.stderr.write(text);

interface Common extends Flags, ColumnNames {
  format?: string;
}

function settingsOf(command: Command): Settings {
  return resolveSettings(command.optsWithGlobals() as Flags);
}

function columnsOf(
  options: Common & { emailColumn?: string; nameColumn?: string; idColumn?: string },
): ColumnNames {
  return {
    ...(options.emailColumn ? { email: options.emailColumn } : {}),
    ...(options.nameColumn ? { name: options.nameColumn } : {}),
    ...(options.idColumn ? { employeeId: options.idColumn } : {}),
  };
}

function planRows(plan: OffboardPlan): Row[] {
  return plan.leavers.flatMap((leaver): Row[] =>
    leaver.devices.length
      ? leaver.devices.map((device) => ({
          email: leaver.email,
          device: device.id,
          name: device.name,
          ownership: device.ownership,
          decision: device.decision === 'act' ? plan.action : 'refused',
          note: [device.reason, ...device.warnings].filter(Boolean).join('; '),
        }))
      : [
          {
            email: leaver.email,
            device: '',
            name: '',
            ownership: '',
            decision: 'nothing',
            note: leaver.status,
          },
        ],
  );
}

function summary(plan: OffboardPlan): string {
  const { totals } = plan;
  return (
    `plan ${plan.id} by ${plan.author}: ${plan.action} ${totals.toAct} devices of ${totals.matched}/${totals.leavers} ` +
    `leavers found in Hexnode; ${totals.refused} devices refused\n`
  );
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

function addColumns(command: Command): Command {
  return command
    .option(
      '--email-column <name>',
      'the column holding the work email (default: email, work email, mail, ...)',
    )
    .option('--name-column <name>', 'the column holding the name')
    .option('--id-column <name>', 'the column holding the employee id');
}

const actionOption = () =>
  new Option('--action <action>', 'what to do to every device')
    .choices([...PLAN_ACTIONS])
    .makeOptionMandatory();

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

  addColumns(
    program
      .command('map')
      .description(
        'map an HRMS export to Hexnode: matched / not in Hexnode / several Hexnode users / no email',
      )
      .requiredOption('--employees <file>', 'CSV or JSON export of employees')
      .addOption(
        new Option('--format <format>', 'output').choices(['table', 'csv', 'json']).default('table'),
      ),
  ).action(async (options: Common & { employees: string }, command: Command) => {
    const settings = settingsOf(command);
    const leavers = await readLeavers(options.employees, columnsOf(options));
    const connection = connect(settings.target, { budget: settings.budget });
    const mapped = await mapLeavers(new HexnodeDirectory(connection.client.withPriority('index')), leavers);
    out(format(mappingRows(mapped), options.format));
    const counts = mapped.reduce<Record<string, number>>(
      (acc, entry) => ({ ...acc, [entry.status]: (acc[entry.status] ?? 0) + 1 }),
      {},
    );
    err(
      `${Object.entries(counts)
        .map(([status, n]) => `${status}: ${n}`)
        .join(', ')} (${connection.calls()} Hexnode calls)\n`,
    );
  });

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
        'comma-separated device groups of shared devices: never wiped, warned',
      ),
  ).action(
    async (
      options: Common & { terminated: string; action: PlanAction; out: string; message?: string },
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
      });
      writePlanFile(options.out, plan);
      out(format(planRows(plan), options.format));
      err(summary(plan));
      if (plan.totals.toAct > settings.approvalThreshold)
        err(`needs approval by someone other than ${plan.author}: hexnode-offboard approve ${options.out}\n`);
    },
  );

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
        'comma-separated device groups of shared devices: never wiped, warned',
      ),
  ).action(
    async (
      options: Common & {
        terminated: string;
        action: PlanAction;
        dryRun?: boolean;
        yes?: boolean;
        out?: string;
        message?: string;
        batchSize: string;
      },
      command: Command,
    ) => {
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
      });
      if (options.out) writePlanFile(options.out, plan);
      out(format(planRows(plan), options.format));
      err(summary(plan));
      if (options.dryRun) return;
      checkApproval(plan, settings.approvalThreshold);
      if (!options.yes && !(await confirm(plan)))
        throw new OffboardError('not_confirmed', 'Not confirmed: nothing was sent.');
      await runApply(settings, plan, key, batchSizeOf(options.batchSize), connection, directory);
    },
  );

  program
    .command('status')
    .description("a run's per-device status, or every run in the journal directory")
    .argument('[run]', 'plan file or run id')
    .option('--watch', 'poll until every device is final')
    .option('--interval-ms <ms>', 'between polls', '15000')
    .addOption(new Option('--format <format>', 'output').choices(['table', 'csv', 'json']).default('table'))
    .action(
      async (
        file: string | undefined,
        options: { watch?: boolean; intervalMs: string; format: string },
        command: Command,
      ) => {
        const settings = settingsOf(command);
        const key = checkKey(settings.planKey);
        if (!file) {
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
          return;
        }
        // A plan file, or a run id (a journal's name, as `status` without an argument lists them).
        const plan = existsSync(file) ? readPlanFile(file, key) : undefined;
        const journal = journalFile(settings.journalDir, plan?.id ?? file);
        const run = readJournal(journal, key).find((entry) => entry.type === 'run');
        if (run?.type !== 'run')
          throw new OffboardError('bad_input', `No run ${file} in ${settings.journalDir}.`);
        const connection = connect(settings.target, { budget: settings.budget });
        for (;;) {
          const states = await runStatus(
            connection.client,
            run.action as PlanAction,
            readJournal(journal, key),
          );
          out(
            format(
              states.map((item) => ({ device: item.id, status: item.state })),
              options.format,
            ),
          );
          if (!options.watch || states.every((item) => FINAL.includes(item.state))) return;
          await new Promise((resolve) => setTimeout(resolve, Number(options.intervalMs)));
        }
      },
    );

  const audit = program.command('audit').description("the journals' audit log");
  audit
    .command('export')
    .description('every journal entry as JSON lines (verified first)')
    .argument('[plan]', 'plan file (default: every journal)')
    .action((file: string | undefined, _options: unknown, command: Command) => {
      const settings = settingsOf(command);
      const key = checkKey(settings.planKey);
      for (const journal of journalsOf(settings, key, file)) {
        for (const entry of readJournal(journal, key)) out(`${JSON.stringify(entry)}\n`);
      }
    });
  audit
    .command('verify')
    .description("check every journal's HMAC chain")
    .argument('[plan]', 'plan file (default: every journal)')
    .action((file: string | undefined, _options: unknown, command: Command) => {
      const settings = settingsOf(command);
      const key = checkKey(settings.planKey);
      for (const journal of journalsOf(settings, key, file)) {
        out(`${journal}: ${readJournal(journal, key).length} entries, chain intact\n`);
      }
    });

  program
    .command('doctor')
    .description('check a portal without touching any device')
    .option(
      '--probe-actions',
      'send each action path a device id that cannot exist: 400 = real path, 404 = not',
    )
    .action(async (options: { probeActions?: boolean }, command: Command) => {
      const settings = settingsOf(command);
      const report = await runDoctor(settings.target, {
        budget: settings.budget,
        probeActions: Boolean(options.probeActions),
      });
      for (const check of report.checks)
        out(`${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}\n`);
      for (const probe of report.probes) {
        const verdict =
          probe.result === 'real' ? 'real path' : probe.result === 'not_real' ? 'NOT a real path' : 'unclear';
        const note = probe.guessConfirmed
          ? ' (guess confirmed)'
          : probe.catalogue === 'unconfirmed'
            ? ' (a guess)'
            : '';
        out(`probe ${probe.action} ${probe.path}: ${verdict}, HTTP ${probe.status ?? 'none'}${note}\n`);
      }
      out(`${report.calls} Hexnode calls, no device touched\n`);
      if (!report.ok) process.exitCode = 1;
    });
  return program;
}

function listJournals(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith('.jsonl'))
      .sort();
  } catch {
    return [];
  }
}

function journalsOf(settings: Settings, key: string, file: string | undefined): string[] {
  if (file) return [journalFile(settings.journalDir, readPlanFile(file, key).id)];
  return listJournals(settings.journalDir).map((name) => `${settings.journalDir}/${name}`);
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
