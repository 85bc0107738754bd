/** `doctor`: a portal checked without touching any device; exits 1 when a check fails. */
import type { Command } from 'commander';
import { runDoctor } from '../../doctor.js';
import { settingsOf } from '../command-options.js';
import { out } from '../output.js';

export function addDoctorCommand(program: Command): void {
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
}
