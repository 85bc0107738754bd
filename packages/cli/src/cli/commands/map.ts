/** `map`: an HRMS export against Hexnode's users, read only. */
import type { Command } from 'commander';
import { Option } from 'commander';
import { HexnodeDirectory } from '@hexnode-offboard/core';
import { connect } from '../../connection.js';
import { readLeavers } from '../../input.js';
import { mapLeavers, mappingRows } from '../../mapping.js';
import { addColumns, columnsOf, settingsOf, type Common } from '../command-options.js';
import { err, format, out } from '../output.js';

export function addMapCommand(program: Command): void {
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
}
