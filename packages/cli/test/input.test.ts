import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { RunningSimulator } from '@hexnode-offboard/simulator/node';
import { readLeavers } from '../src/index.js';
import { envFor, runBin, start, tempDir, writeFile } from './helpers.js';

let simulator: RunningSimulator;
before(async () => {
  simulator = await start();
});
after(() => simulator.close());

const dir = tempDir();

const MALFORMED: [string, string | Uint8Array, RegExp][] = [
  ['bad.csv', 'email,name\n"jane.leaver@acme.example,Jane\nsam.shift@acme.example,Sam\n', /not valid CSV/],
  ['nocolumn.csv', 'name,department\nJane,Sales\n', /no email column \(columns: name, department\)/],
  [
    'dupes.csv',
    'email\njane.leaver@acme.example\nsam.shift@acme.example\nJANE.LEAVER@acme.example\n',
    /rows 1 and 3/,
  ],
  [
    'latin1.csv',
    Uint8Array.from([...Buffer.from('email,name\nsam.shift@acme.example,Ren'), 0xe9, 0x0a]),
    /not UTF-8/,
  ],
  ['bad.json', '[{"email": "jane.leaver@acme.example"', /not valid JSON/],
  ['shape.json', '{"email": "jane.leaver@acme.example"}', /JSON array of employee objects/],
  ['empty.csv', 'email\n', /no employees/],
];

for (const [name, content, message] of MALFORMED) {
  test(`${name}: one clear error, exit 2, nothing sent to Hexnode`, async () => {
    const file = writeFile(dir, name, content);
    simulator.simulator.reset();
    const run = await runBin(
      ['offboard', '--terminated', file, '--action', 'wipe', '--yes'],
      envFor(simulator, dir),
    );
    assert.equal(run.code, 2);
    assert.match(run.stderr, message);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.doesNotMatch(run.stderr, /at .*\.ts:\d+/);
    assert.deepEqual(simulator.simulator.log, []);
  });
}

test('common column names are recognised and others can be named; a row without email is kept as such', async () => {
  const recognised = await readLeavers(
    writeFile(
      dir,
      'hr.csv',
      '\uFEFFWork Email;Full Name\n'.replace(';', ',') + 'Jane.Leaver@acme.example,Jane\n,Blank\n',
    ),
  );
  assert.deepEqual(recognised, [
    { email: 'Jane.Leaver@acme.example', name: 'Jane', row: 1 },
    { email: '', name: 'Blank', row: 2 },
  ]);
  const named = await readLeavers(
    writeFile(dir, 'odd.json', '[{"kontakt": "sam.shift@acme.example", "nr": 7}]'),
    {
      email: 'kontakt',
      employeeId: 'nr',
    },
  );
  assert.deepEqual(named, [{ email: 'sam.shift@acme.example', employeeId: '7', row: 1 }]);
});
