import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ActionRequest, PreviewRequest, Problem } from '@hexnode-offboard/core/protocol';

const employee = { email: 'jane.doe@acme.example', name: 'Jane Doe' };

test('an action request naming a user group is rejected: clients can only name device ids', () => {
  const result = ActionRequest.safeParse({
    employee,
    action: 'wipe',
    deviceIds: [1],
    confirmation: 'jane.doe@acme.example',
    usergroups: [7],
  });
  assert.equal(result.success, false);
});

test('an action request with checked fields parses and trims the employee email', () => {
  const parsed = ActionRequest.parse({
    employee: { email: '  jane.doe@acme.example ' },
    action: 'wipe',
    deviceIds: [4, 9],
    options: { mode: 'corporate' },
    confirmation: 'jane.doe@acme.example',
  });
  assert.equal(parsed.employee.email, 'jane.doe@acme.example');
  assert.deepEqual(parsed.deviceIds, [4, 9]);
});

test('device ids must be positive integers and at least one is required', () => {
  for (const deviceIds of [[], [0], [-3], [1.5], ['12']]) {
    const result = ActionRequest.safeParse({ employee, action: 'lock', deviceIds, confirmation: '' });
    assert.equal(result.success, false, `deviceIds ${JSON.stringify(deviceIds)} should be refused`);
  }
});

test('a preview request without a plausible email is rejected', () => {
  assert.equal(PreviewRequest.safeParse({ employee: { email: 'not-an-email' } }).success, false);
  assert.equal(PreviewRequest.safeParse({ employee: { email: 'a@b' } }).success, true);
});

test('a problem must carry one of the stable error codes', () => {
  const base = { type: 'about:blank', title: 'Nope', status: 403 };
  assert.equal(Problem.safeParse({ ...base, code: 'forbidden' }).success, true);
  assert.equal(Problem.safeParse({ ...base, code: 'made_up' }).success, false);
});
