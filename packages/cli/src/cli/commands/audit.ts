/** `audit export` and `audit verify`: the journals as JSON lines, and their HMAC chains checked. */
import type { Command } from 'commander';
import { readJournal } from '../../journal.js';
import { checkKey } from '../../signing.js';
import { settingsOf } from '../command-options.js';
import { journalsOf } from '../journal-listing.js';
import { out } from '../output.js';

export function addAuditCommands(program: Command): void {
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
}
