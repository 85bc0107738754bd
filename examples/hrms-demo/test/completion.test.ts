import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeviceStatus } from '@hexnode-offboard/core/protocol';
import { completionMessage, type CompleteDetail } from '../src/client/completion.js';

function detail(
  status: CompleteDetail['status'],
  statuses: DeviceStatus[],
  timedOut = false,
): Pick<CompleteDetail, 'status' | 'timedOut' | 'devices'> {
  return { status, timedOut, devices: statuses.map((s, i) => ({ id: 101 + i, status: s })) };
}

test('every device done says they all acknowledged', () => {
  assert.equal(
    completionMessage('Jane Leaver', detail('done', ['done', 'done', 'done'])),
    "All 3 of Jane Leaver's devices have acknowledged. See the audit log for the record.",
  );
  assert.match(
    completionMessage('Sam Shift', detail('done', ['done'])),
    /^Sam Shift's device has acknowledged\./,
  );
});

test('some devices failed says how many acknowledged and how many failed, not that all acknowledged', () => {
  const message = completionMessage('Jane Leaver', detail('partial', ['done', 'failed', 'done']));
  assert.equal(
    message,
    "2 of Jane Leaver's 3 devices acknowledged; 1 failed. Check the failed ones in Hexnode.",
  );
});

test('every device failed says the action failed on them', () => {
  const message = completionMessage('Jane Leaver', detail('failed', ['failed', 'failed']));
  assert.match(message, /^The action failed on all 2 of Jane Leaver's devices\./);
  assert.doesNotMatch(message, /acknowledged/);
});

test('a timed-out follow of an offline laptop says it is still waiting for it to check in', () => {
  const message = completionMessage('Oliver Grant', detail('pending', ['pending'], true));
  assert.match(message, /^Still waiting for Oliver Grant's device to check in\./);
  assert.doesNotMatch(message, /acknowledged/);
});

test('a timed-out follow counts the devices still waiting, done and failed', () => {
  assert.match(
    completionMessage('Jane Leaver', detail('pending', ['done', 'in_progress', 'failed', 'pending'], true)),
    /^Still waiting for 2 of Jane Leaver's 4 devices to check in \(1 done, 1 failed\)\./,
  );
});
