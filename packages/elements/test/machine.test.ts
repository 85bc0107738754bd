// The widget's state machine, in Node: every row of the transition table in docs/widget.md is run against
// `transition`, every pair of state and event the table leaves out must change nothing, and the data the states
// carry (the form, the intent and its key, the progress) is checked where the table only names the state.
// Over 300 lines: a fixture per state and per event of the table, which grows with the table, row for row.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { ActionStatusResponse, PreviewDevice, PreviewResponse } from '@hexnode-offboard/core/protocol';
import { offeredChoices, perDeviceChoices, pickChoice } from '../src/choices.js';
import { canSubmit, intentOf } from '../src/intent.js';
import { INDEXING_RETRY_MS, PRELOAD_REUSE_MS, transition } from '../src/machine.js';
import type { Effect, EventType, Form, Intent, Progress, WidgetEvent, WidgetState } from '../src/states.js';

const EMAIL = 'jane.leaver@acme.example';
const employee = { email: EMAIL, name: 'Jane Leaver' };

const device = (id: number): PreviewDevice => ({
  id,
  name: `Device ${id}`,
  model: null,
  os: null,
  osVersion: null,
  serial: null,
  platform: null,
  lastSeen: null,
  enrolled: true,
  warnings: [],
});

const preview = (over: Partial<PreviewResponse> = {}): PreviewResponse => ({
  status: 'ready',
  employee: { email: EMAIL },
  user: { id: 1, name: 'Jane Leaver', email: EMAIL },
  devices: [device(101), device(102), device(103)],
  actions: ['lock', 'wipe'],
  wipeModes: ['corporate', 'complete'],
  confirmText: EMAIL,
  requireReason: false,
  maxDevicesPerAction: 10,
  history: [],
  ...over,
});
const outcome = (status: PreviewResponse['status']) => preview({ status, user: null, devices: [] });

/** Jane's termination jobs held by the two-person rule: one asked by someone else, one by the viewer. */
const HELD = {
  id: 'job_1',
  action: 'wipe',
  deviceIds: [101, 102, 103],
  requestedBy: 'harriet',
  heldAt: '2026-11-27T09:00:00.000Z',
  yours: false,
};
const OWN = { ...HELD, id: 'job_2', requestedBy: 'hr-1', yours: true };
const JANE = preview({ heldJobs: [HELD, OWN] });
const INDEXING = preview({
  status: 'indexing',
  user: null,
  devices: [],
  indexing: { pagesRead: 120, pagesTotal: 520 },
});
const blank: Form = {
  selected: [101, 102, 103],
  choice: 'lock',
  reason: '',
  confirmation: '',
  repeatAck: false,
};
const typed: Form = { ...blank, confirmation: EMAIL };
const intent: Intent = { ...intentOf(JANE, typed, employee), key: 'key-1' };
const pending = (status: 'pending' | 'done' | 'failed') => [101, 102, 103].map((id) => ({ id, status }));
const progress: Progress = { id: 'act_1', status: 'pending', timedOut: false, devices: pending('pending') };
const failure = { code: 'hexnode_unavailable', status: 503, requestId: 'req_0123456789abcdef' } as const;
const busy = { code: 'hexnode_busy', status: 503, reason: 'window' } as const;

/** One fixture per state the table names; a variant in brackets is a second fixture of the same state. */
const STATES: Record<string, WidgetState> = {
  idle: { name: 'idle' },
  'idle (preloaded)': { name: 'idle', preview: JANE, preloadedAt: 1_000 },
  loading: { name: 'loading', inDialog: false },
  indexing: { name: 'indexing', preview: INDEXING },
  ready: { name: 'ready', preview: JANE, form: typed },
  'not-found': { name: 'not-found', preview: outcome('not_found') },
  'no-devices': { name: 'no-devices', preview: outcome('no_devices') },
  ambiguous: { name: 'ambiguous', preview: outcome('ambiguous') },
  'not-allowed': { name: 'not-allowed' },
  submitting: { name: 'submitting', preview: JANE, form: typed, intent },
  waiting: {
    name: 'waiting',
    preview: JANE,
    form: typed,
    intent: { ...intent, waited: 40 },
    wait: { seconds: 40, reason: 'window' },
  },
  sent: { name: 'sent', preview: JANE, intent, progress },
  done: { name: 'done', preview: JANE, intent, progress: { ...progress, status: 'done' } },
  partial: { name: 'partial', preview: JANE, intent, progress: { ...progress, status: 'partial' } },
  failed: { name: 'failed', preview: JANE, intent, progress: { ...progress, status: 'failed' } },
  'error (preview)': { name: 'error', during: 'preview', error: failure },
  'error (action)': { name: 'error', during: 'action', error: failure, preview: JANE, form: typed, intent },
};

const polled = (
  status: ActionStatusResponse['status'],
  devices: 'pending' | 'done' | 'failed' = 'pending',
) => ({
  id: 'act_1',
  action: 'lock' as const,
  status,
  devices: pending(devices).map((d) => ({ ...d, updatedAt: null })),
});

/** One fixture per event the table names (its text, code quotes removed); `state` adjusts the row's state. */
const EVENTS: Record<string, { event: WidgetEvent; state?: (s: WidgetState) => WidgetState }> = {
  visible: { event: { type: 'visible' } },
  click: { event: { type: 'click', at: 5_000, offer: {} } },
  'click within 30 s of the preload': {
    event: { type: 'click', at: 1_000 + PRELOAD_REUSE_MS - 1, offer: {} },
  },
  'click 30 s or more after the preload': {
    event: { type: 'click', at: 1_000 + PRELOAD_REUSE_MS, offer: {} },
  },
  'previewed ready': { event: { type: 'previewed', preview: JANE, at: 2_000, offer: {} } },
  'previewed ready, no action offered': {
    event: { type: 'previewed', preview: JANE, at: 2_000, offer: { actions: 'disenroll' } },
  },
  'previewed not_found': {
    event: { type: 'previewed', preview: outcome('not_found'), at: 2_000, offer: {} },
  },
  'previewed no_devices': {
    event: { type: 'previewed', preview: outcome('no_devices'), at: 2_000, offer: {} },
  },
  'previewed indexing': { event: { type: 'previewed', preview: INDEXING, at: 2_000, offer: {} } },
  'previewed ambiguous': {
    event: { type: 'previewed', preview: outcome('ambiguous'), at: 2_000, offer: {} },
  },
  'preview-failed forbidden': {
    event: { type: 'preview-failed', error: { code: 'forbidden', status: 403 } },
  },
  'preview-failed any other': { event: { type: 'preview-failed', error: failure } },
  toggle: { event: { type: 'toggle', device: 102 } },
  edit: { event: { type: 'edit', form: { reason: 'Contract ended' } } },
  'confirm with the form complete': { event: { type: 'confirm', employee } },
  'confirm with the confirmation text wrong': {
    event: { type: 'confirm', employee },
    // Only an erase or a disenroll needs the typed text.
    state: (s) =>
      s.name === 'ready' ? { ...s, form: { ...s.form, choice: 'wipe_complete', confirmation: 'jane' } } : s,
  },
  'confirm while a decision is on its way': {
    event: { type: 'confirm', employee },
    state: (s) => (s.name === 'ready' ? { ...s, deciding: 'job_1' } : s),
  },
  approved: { event: { type: 'approved', intent: intentOf(JANE, typed, employee), key: 'key-2' } },
  accepted: {
    event: {
      type: 'accepted',
      answer: { id: 'act_1', action: 'lock', devices: pending('pending'), auditId: 'aud_1', createdAt: '' },
    },
  },
  'action-failed': { event: { type: 'action-failed', error: failure } },
  'action-failed busy within max-wait': {
    event: {
      type: 'action-failed',
      error: { ...busy, retryAfter: 40 },
      maxWait: 300,
    },
  },
  'action-failed busy beyond max-wait': {
    event: { type: 'action-failed', error: { ...busy, retryAfter: 301 }, maxWait: 300 },
  },
  'action-failed busy with a wait of 0': {
    event: { type: 'action-failed', error: { ...busy, retryAfter: 0 }, maxWait: 300 },
  },
  waited: { event: { type: 'waited' } },
  'polled pending': { event: { type: 'polled', answer: polled('pending'), late: false } },
  'polled without an answer': { event: { type: 'polled', late: false } },
  'polled done': { event: { type: 'polled', answer: polled('done', 'done'), late: false } },
  'polled partial': { event: { type: 'polled', answer: polled('partial', 'failed'), late: false } },
  'polled every device failed': {
    event: { type: 'polled', answer: polled('failed', 'failed'), late: false },
  },
  'polled pending after poll-timeout': { event: { type: 'polled', answer: polled('pending'), late: true } },
  'follow-up for a device offered it': {
    event: { type: 'follow-up', device: 101, employee },
    state: (s) =>
      'progress' in s
        ? {
            ...s,
            progress: {
              ...s.progress,
              devices: s.progress.devices.map((d) =>
                d.id === 101 ? { ...d, followUp: 'mark_disenrolled' as const } : d,
              ),
            },
          }
        : s,
  },
  'follow-up for a device not offered it': { event: { type: 'follow-up', device: 102, employee } },
  'decide approve': { event: { type: 'decide', job: 'job_1', approve: true, reason: '' } },
  'decide reject with a reason': {
    event: { type: 'decide', job: 'job_1', approve: false, reason: ' Not a leaver ' },
  },
  'decide reject without a reason': { event: { type: 'decide', job: 'job_1', approve: false, reason: '  ' } },
  "decide on the viewer's own job": { event: { type: 'decide', job: 'job_2', approve: true, reason: '' } },
  'decide while a decision is on its way': {
    event: { type: 'decide', job: 'job_1', approve: true, reason: '' },
    state: (s) => (s.name === 'ready' ? { ...s, deciding: 'job_1' } : s),
  },
  decided: {
    event: { type: 'decided' },
    state: (s) => (s.name === 'ready' ? { ...s, deciding: 'job_1' } : s),
  },
  'decide-failed': {
    event: { type: 'decide-failed', error: { code: 'forbidden', status: 403, detail: 'Not yours.' } },
    state: (s) => (s.name === 'ready' ? { ...s, deciding: 'job_1' } : s),
  },
  retry: { event: { type: 'retry' } },
  back: { event: { type: 'back' } },
  'dialog-closed': { event: { type: 'dialog-closed', email: EMAIL } },
  'employee-changed': { event: { type: 'employee-changed' } },
  disconnected: { event: { type: 'disconnected' } },
  connected: { event: { type: 'connected' } },
};

interface Row {
  line: string;
  from: string[];
  event: string;
  type: EventType;
  next: string;
  effects: string[];
}

const codes = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

/** The table under "The transition table" in docs/widget.md. */
function readTable(): Row[] {
  const doc = readFileSync(new URL('../../../docs/widget.md', import.meta.url), 'utf8');
  const section = doc.slice(doc.indexOf('### The transition table')).split('\n');
  // The first table of the section: from its header to the first line that is not a row.
  const first = section.findIndex((l) => l.startsWith('| state'));
  const table = section.slice(first + 2);
  const lines = table.slice(
    0,
    table.findIndex((l) => !l.startsWith('| ')),
  );
  const rows = lines.map((line) => {
    const [from = '', event = '', next = '', effects = ''] = line
      .slice(2, -2)
      .split(' | ')
      .map((c) => c.trim());
    const names = [...from.matchAll(/`([a-z-]+)`(?: \(([a-z]+)\))?/g)].map((m) =>
      m[2] ? `${m[1]} (${m[2]})` : m[1]!,
    );
    return {
      line,
      from: from === 'every other state' ? [] : names,
      event: event.replaceAll('`', ''),
      type: codes(event)[0] as EventType,
      next: next === 'stays' ? 'stays' : codes(next)[0]!,
      effects: codes(effects),
    };
  });
  // "every other state": the states no other row names for that event.
  for (const row of rows.filter((r) => r.from.length === 0)) {
    const named = new Set(rows.filter((r) => r.type === row.type).flatMap((r) => r.from));
    row.from = Object.keys(STATES).filter((key) => !named.has(key));
  }
  return rows;
}

const describeEffect = (e: Effect): string =>
  e.type === 'emit' ? `emit ${e.event}` : e.type === 'show-dialog' ? `show-dialog ${e.focus}` : e.type;

/** Freezes a fixture all the way down, so a transition that mutated its input would throw. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
deepFreeze(STATES);
deepFreeze(EVENTS);

const TABLE = readTable();

describe('the transition table in docs/widget.md', () => {
  test('names only states and events that have fixtures here, and uses every event fixture', () => {
    assert.ok(TABLE.length > 30, 'the table was found');
    for (const row of TABLE) {
      for (const key of row.from) assert.ok(STATES[key], `no state fixture "${key}" for ${row.line}`);
      assert.ok(EVENTS[row.event], `no event fixture "${row.event}" for ${row.line}`);
      assert.equal(EVENTS[row.event]!.event.type, row.type, row.line);
    }
    assert.deepEqual(
      Object.keys(EVENTS).filter((key) => !TABLE.some((r) => r.event === key)),
      [],
      'event fixtures the table does not use',
    );
  });

  for (const row of TABLE) {
    test(`${row.from.join(', ')} + ${row.event} -> ${row.next}: ${row.effects.join(', ') || 'nothing to do'}`, () => {
      const fixture = EVENTS[row.event]!;
      for (const key of row.from) {
        const state = fixture.state ? fixture.state(STATES[key]!) : STATES[key]!;
        const step = transition(state, fixture.event);
        assert.equal(step.state.name, row.next === 'stays' ? state.name : row.next, `${key}: next state`);
        assert.deepEqual(step.effects.map(describeEffect), row.effects, `${key}: effects`);
      }
    });
  }

  test('every pair of state and event the table leaves out changes nothing and does nothing', () => {
    const types = [...new Set(Object.values(EVENTS).map((f) => f.event.type))];
    let checked = 0;
    for (const [key, state] of Object.entries(STATES)) {
      for (const type of types) {
        if (TABLE.some((r) => r.type === type && r.from.includes(key))) continue;
        const fixture = Object.values(EVENTS).find((f) => f.event.type === type)!;
        const step = transition(state, fixture.event);
        assert.equal(step.state, state, `${key} + ${type} changed the state`);
        assert.deepEqual(step.effects, [], `${key} + ${type} had effects`);
        checked++;
      }
    }
    assert.ok(checked > 100, `only ${checked} pairs were left out`);
  });
});

describe('the data the states carry', () => {
  const ready = STATES.ready as Extract<WidgetState, { name: 'ready' }>;
  const step = (state: WidgetState, event: WidgetEvent) => transition(state, event);

  test('opening sets the form: every device checked, lock chosen, nothing typed; default-action picks the choice', () => {
    const opened = step(STATES.loading!, { type: 'previewed', preview: JANE, at: 0, offer: {} }).state;
    assert.deepEqual(opened, { name: 'ready', preview: JANE, form: blank });
    const wipe = step(STATES.loading!, {
      type: 'previewed',
      preview: JANE,
      at: 0,
      offer: { defaultAction: 'wipe' },
    });
    assert.equal((wipe.state as typeof ready).form.choice, 'wipe_corporate');
  });

  test('a preloaded preview opens the dialog once: closed again, the next click asks the handler', () => {
    const first = step(STATES['idle (preloaded)']!, { type: 'click', at: 2_000, offer: {} });
    assert.equal(first.state.name, 'ready');
    const closed = step(first.state, { type: 'dialog-closed', email: EMAIL }).state;
    assert.deepEqual(closed, { name: 'idle', preview: JANE });
    const second = step(closed, { type: 'click', at: 3_000, offer: {} });
    assert.equal(second.state.name, 'loading');
    assert.ok(second.effects.some((e) => e.type === 'load-preview'));
  });

  test('closing keeps the preview for the button count only while it is for the current email', () => {
    const same = step(ready, { type: 'dialog-closed', email: '  Jane.Leaver@ACME.example ' }).state;
    assert.equal(same.name === 'idle' && same.preview, JANE);
    const other = step(STATES.sent!, { type: 'dialog-closed', email: 'sam.shift@acme.example' }).state;
    assert.deepEqual(other, { name: 'idle', preview: undefined });
  });

  test('toggle unchecks and checks a device again; edit changes only the fields it names', () => {
    const off = step(ready, { type: 'toggle', device: 102 }).state as typeof ready;
    assert.deepEqual(off.form.selected, [101, 103]);
    const on = step(off, { type: 'toggle', device: 102 }).state as typeof ready;
    assert.deepEqual([...on.form.selected].sort(), [101, 102, 103]);
    const edited = step(ready, { type: 'edit', form: { choice: 'wipe_complete' } }).state as typeof ready;
    assert.deepEqual(edited.form, { ...typed, choice: 'wipe_complete' });
  });

  test('confirm asks the host with the intent the form describes: checked devices, mode, trimmed text and reason, repeat', () => {
    const withHistory = preview({
      history: [
        {
          actionId: 'act_0',
          action: 'lock',
          at: '2026-11-25T16:02:00Z',
          actor: { id: 'hr-1', name: 'Ada Admin' },
          deviceIds: [101],
          outcome: 'sent',
        },
      ],
    });
    const form: Form = {
      selected: [103, 101],
      choice: 'wipe_complete',
      reason: '  Contract ended ',
      confirmation: ` ${EMAIL}  `,
      repeatAck: true,
    };
    const { effects } = step({ name: 'ready', preview: withHistory, form }, { type: 'confirm', employee });
    assert.deepEqual(effects, [
      {
        type: 'ask-host',
        intent: {
          detail: {
            employee,
            action: 'wipe',
            mode: 'complete',
            deviceIds: [101, 103],
            deviceActions: [
              { id: 101, action: 'wipe' },
              { id: 103, action: 'wipe' },
            ],
            repeat: true,
            reason: 'Contract ended',
          },
          body: {
            employee,
            action: 'wipe',
            deviceIds: [101, 103],
            confirmation: EMAIL,
            options: { mode: 'complete' },
            reason: 'Contract ended',
            repeat: true,
          },
        },
      },
    ]);
  });

  test('the form may be sent only within the device limit, with the exact text, a reason and the repeat tick when asked', () => {
    const history = preview({
      history: [{ ...({} as PreviewResponse['history'][number]), deviceIds: [101] }],
    });
    const cases: [string, PreviewResponse, Partial<Form>, boolean][] = [
      ['complete', JANE, {}, true],
      ['no device checked', JANE, { selected: [] }, false],
      ['over the limit', preview({ maxDevicesPerAction: 2 }), {}, false],
      ['text in another case', JANE, { confirmation: EMAIL.toUpperCase() }, false],
      ['text with spaces around', JANE, { confirmation: `  ${EMAIL} ` }, true],
      ['no text, lock (not destructive)', JANE, { choice: 'lock', confirmation: '' }, true],
      ['no text, disenroll', JANE, { choice: 'disenroll', confirmation: '' }, false],
      ['no choice', JANE, { choice: undefined }, false],
      ['reason required, blank', preview({ requireReason: true }), { reason: '   ' }, false],
      ['reason required, given', preview({ requireReason: true }), { reason: 'Left' }, true],
      ['offboarded before, not ticked', history, {}, false],
      ['offboarded before, ticked', history, { repeatAck: true }, true],
    ];
    for (const [name, p, form, expected] of cases)
      assert.equal(canSubmit(p, { ...typed, choice: 'wipe_complete', ...form }), expected, name);
  });

  test('approved sends the intent with the new key; Try again resends the same key; Back and confirm again is a new key', () => {
    const approved = EVENTS.approved!.event;
    const submitting = step(ready, approved);
    assert.deepEqual(submitting.effects, [
      { type: 'send', intent: { ...intentOf(JANE, typed, employee), key: 'key-2' } },
    ]);
    const failed = step(submitting.state, { type: 'action-failed', error: failure }).state;
    const retried = step(failed, { type: 'retry' });
    assert.deepEqual(retried.effects, [
      { type: 'send', intent: { ...intentOf(JANE, typed, employee), key: 'key-2', waited: 0 } },
    ]);
    const back = step(failed, { type: 'back' }).state;
    assert.deepEqual(back, { name: 'ready', preview: JANE, form: typed });
    const again = step(back, { ...approved, key: 'key-3' } as WidgetEvent);
    assert.equal((again.effects[0] as { intent: Intent }).intent.key, 'key-3');
  });

  test('accepted: the sent event carries the intent, the action and audit ids and the devices; following starts', () => {
    const { state, effects } = step(STATES.submitting!, EVENTS.accepted!.event);
    assert.deepEqual((state as { progress: Progress }).progress, progress);
    assert.deepEqual(effects, [
      {
        type: 'emit',
        event: 'sent',
        detail: { ...intent.detail, actionId: 'act_1', auditId: 'aud_1', devices: pending('pending') },
      },
      { type: 'show-dialog', focus: '.close' },
      { type: 'follow', id: 'act_1' },
    ]);
  });

  test('a failure emits its code, status, request id and when it happened', () => {
    const { effects } = step(STATES.loading!, { type: 'preview-failed', error: failure });
    assert.deepEqual(effects[0], {
      type: 'emit',
      event: 'error',
      detail: { code: 'hexnode_unavailable', status: 503, during: 'preview', requestId: failure.requestId },
    });
    const action = step(STATES.submitting!, {
      type: 'action-failed',
      error: { code: 'network_error', status: 0 },
    });
    assert.deepEqual(action.effects[0], {
      type: 'emit',
      event: 'error',
      detail: { code: 'network_error', status: 0, during: 'action' },
    });
  });

  test('polls update each device; the end emits complete with the devices; a timeout keeps sent, marked timed out', () => {
    const partly = { ...polled('pending'), devices: [{ id: 101, status: 'done' as const, updatedAt: null }] };
    const updated = step(STATES.sent!, { type: 'polled', answer: partly, late: false }).state;
    assert.deepEqual((updated as { progress: Progress }).progress.devices, partly.devices);
    const unanswered = step(updated, { type: 'polled', late: false }).state;
    assert.deepEqual(unanswered, updated);
    const done = step(updated, EVENTS['polled done']!.event);
    assert.equal(done.state.name, 'done');
    assert.deepEqual(done.effects[0], {
      type: 'emit',
      event: 'complete',
      detail: { actionId: 'act_1', status: 'done', timedOut: false, devices: polled('done', 'done').devices },
    });
    const late = step(updated, { type: 'polled', late: true });
    assert.equal(late.state.name, 'sent');
    assert.equal((late.state as { progress: Progress }).progress.timedOut, true);
    assert.deepEqual(late.effects[0], {
      type: 'emit',
      event: 'complete',
      detail: { actionId: 'act_1', status: 'pending', timedOut: true, devices: partly.devices },
    });
  });

  test('a held job: approve and reject post the decision once, a reject needs a reason, a failure shows its words', () => {
    const approve = step(ready, { type: 'decide', job: 'job_1', approve: true, reason: '' });
    assert.deepEqual(approve.state, { ...ready, deciding: 'job_1', jobError: undefined });
    assert.deepEqual(approve.effects, [{ type: 'decide-job', job: 'job_1', approve: true, reason: '' }]);
    const reject = step(ready, { type: 'decide', job: 'job_1', approve: false, reason: ' Not a leaver ' });
    assert.deepEqual(reject.effects, [
      { type: 'decide-job', job: 'job_1', approve: false, reason: 'Not a leaver' },
    ]);
    const bare = step(ready, { type: 'decide', job: 'job_1', approve: false, reason: ' ' });
    assert.deepEqual(bare, {
      state: { ...ready, jobError: { code: 'reason_required', status: 0 } },
      effects: [],
    });
    const unknown = step(ready, { type: 'decide', job: 'job_9', approve: true, reason: '' });
    assert.equal(unknown.state, ready, 'a job the preview does not list is never decided');
    const error = { code: 'forbidden', status: 403, detail: 'You asked for this job.' } as const;
    const refused = step(approve.state, { type: 'decide-failed', error });
    assert.deepEqual(refused, { state: { ...ready, deciding: undefined, jobError: error }, effects: [] });
    const again = step(refused.state, { type: 'decide', job: 'job_1', approve: true, reason: '' });
    assert.equal((again.state as typeof ready).jobError, undefined, 'a new decision clears the old failure');
    const decided = step(approve.state, { type: 'decided' });
    assert.deepEqual(decided, {
      state: { name: 'loading', preview: JANE, inDialog: true },
      effects: [{ type: 'load-preview' }],
    });
  });

  test('a new employee forgets the old preview, so the button no longer counts their devices', () => {
    assert.deepEqual(step(STATES['idle (preloaded)']!, { type: 'employee-changed' }).state, { name: 'idle' });
  });
});

describe('the choices the dialog offers', () => {
  test('wipe is split by the allowed modes, in the handler order', () => {
    assert.deepEqual(offeredChoices(JANE), ['lock', 'wipe_corporate', 'wipe_complete']);
    assert.deepEqual(offeredChoices(preview({ wipeModes: undefined })), ['lock', 'wipe']);
  });

  test('the actions attribute narrows them, by action or by one wipe mode, spaces or commas', () => {
    assert.deepEqual(offeredChoices(JANE, 'wipe'), ['wipe_corporate', 'wipe_complete']);
    assert.deepEqual(offeredChoices(JANE, 'lock, wipe_complete'), ['lock', 'wipe_complete']);
    assert.deepEqual(offeredChoices(JANE, 'disenroll'), []);
  });

  test('the default is default-action (exact, else its first mode), else lock, else the first', () => {
    const all = offeredChoices(JANE);
    assert.equal(pickChoice(all, 'wipe_complete'), 'wipe_complete');
    assert.equal(pickChoice(all, 'wipe'), 'wipe_corporate');
    assert.equal(pickChoice(all, 'disenroll'), 'lock');
    assert.equal(pickChoice(all), 'lock');
    assert.equal(pickChoice(['wipe_complete']), 'wipe_complete');
    assert.equal(pickChoice([]), undefined);
  });
});

describe('the right action per device', () => {
  const personal = (id: number): PreviewDevice => ({ ...device(id), ownership: 'personal' });
  const ROSA = preview({
    devices: [
      { ...device(201), name: 'Scanner', offers: ['reassign', 'lock', 'disenroll'] },
      { ...device(202), name: 'Laptop', ownership: 'corporate', offers: ['wipe', 'lock', 'disenroll'] },
      { ...personal(203), name: 'Phone', offers: ['lock', 'disenroll'] },
    ],
    actions: ['lock', 'wipe', 'disenroll', 'reassign'],
    wipeModes: ['complete'],
    reassignTargets: [
      { id: 77, label: 'Shift pool' },
      { id: 78, label: 'Night pool' },
    ],
  });
  const open = (p: PreviewResponse, offer = {}) =>
    transition({ name: 'loading', inDialog: false }, { type: 'previewed', preview: p, at: 0, offer }).state;

  test('offers that differ give each device its own choice, its first offer; a shared list keeps one choice', () => {
    const cases: [string, PreviewResponse, Form['perDevice']][] = [
      ['mixed', ROSA, { 201: 'reassign', 202: 'wipe_complete', 203: 'lock' }],
      ['no offers (older handler)', JANE, undefined],
      [
        'the same offers',
        preview({ devices: [101, 102].map((id) => ({ ...device(id), offers: ['lock' as const] })) }),
        undefined,
      ],
    ];
    for (const [name, p, expected] of cases) {
      const state = open(p);
      assert.equal(state.name, 'ready', name);
      assert.deepEqual(state.name === 'ready' ? state.form.perDevice : 'not ready', expected, name);
    }
  });

  test('a personal device is never offered an erase, whatever the preview allows overall', () => {
    const choices = perDeviceChoices(ROSA)!;
    assert.deepEqual(choices.get(203), ['lock', 'disenroll']);
    assert.ok(!choices.get(203)!.some((c) => c.startsWith('wipe')));
    assert.deepEqual(choices.get(202), ['wipe_complete', 'lock', 'disenroll']);
  });

  const base: Form = {
    selected: [201, 202, 203],
    choice: 'lock',
    reason: '',
    confirmation: '',
    repeatAck: false,
  };
  const cases: {
    name: string;
    form: Partial<Form>;
    preview?: PreviewResponse;
    sendable: boolean;
    body?: Record<string, unknown>;
  }[] = [
    {
      name: 'scanner reassigned, laptop wiped, phone disenrolled: each device its action, typed text needed',
      form: { perDevice: { 201: 'reassign', 202: 'wipe_complete', 203: 'disenroll' }, confirmation: EMAIL },
      sendable: true,
      body: {
        employee,
        devices: [
          { id: 201, action: 'reassign' },
          { id: 202, action: 'wipe' },
          { id: 203, action: 'disenroll' },
        ],
        confirmation: EMAIL,
        options: { mode: 'complete', reassignTo: 77 },
      },
    },
    {
      name: 'the same mix without the typed text',
      form: { perDevice: { 201: 'reassign', 202: 'wipe_complete', 203: 'disenroll' } },
      sendable: false,
    },
    {
      name: 'reassign and lock only: not destructive, no typed text, the first pool account',
      form: { perDevice: { 201: 'reassign', 202: 'lock', 203: 'lock' } },
      sendable: true,
      body: {
        employee,
        devices: [
          { id: 201, action: 'reassign' },
          { id: 202, action: 'lock' },
          { id: 203, action: 'lock' },
        ],
        confirmation: '',
        options: { reassignTo: 77 },
      },
    },
    {
      name: 'only the scanner checked: one action, the one-action form',
      form: { selected: [201], perDevice: { 201: 'reassign', 202: 'wipe_complete', 203: 'lock' } },
      sendable: true,
      body: { employee, action: 'reassign', deviceIds: [201], confirmation: '', options: { reassignTo: 77 } },
    },
    {
      name: 'reassign with no pool account configured',
      form: { selected: [201], perDevice: { 201: 'reassign' } },
      preview: { ...ROSA, reassignTargets: [] },
      sendable: false,
    },
    {
      name: 'two wipe modes in one intent',
      form: {
        selected: [201, 202],
        perDevice: { 201: 'wipe_corporate', 202: 'wipe_complete' },
        confirmation: EMAIL,
      },
      sendable: false,
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const p = c.preview ?? ROSA;
      const form = { ...base, ...c.form };
      assert.equal(canSubmit(p, form), c.sendable);
      const step = transition({ name: 'ready', preview: p, form }, { type: 'confirm', employee });
      assert.equal(step.effects.length, c.sendable ? 1 : 0);
      if (c.body) assert.deepEqual((step.effects[0] as { intent: Intent }).intent.body, c.body);
    });
  }

  test('the mixed intent is announced as mixed, each device with its action', () => {
    const form = {
      ...base,
      perDevice: { 201: 'reassign', 202: 'lock', 203: 'disenroll' } as const,
      confirmation: EMAIL,
    };
    const { detail } = intentOf(ROSA, form, employee);
    assert.equal(detail.action, 'mixed');
    assert.deepEqual(detail.deviceActions, [
      { id: 201, action: 'reassign' },
      { id: 202, action: 'lock' },
      { id: 203, action: 'disenroll' },
    ]);
  });

  test('the follow-up is a new intent for that device alone, with the first reason, sent with a new key', () => {
    const first: Intent = {
      ...intentOf(ROSA, { ...base, choice: 'disenroll', reason: 'Left', confirmation: EMAIL }, employee),
      key: 'key-1',
    };
    const sent: WidgetState = {
      name: 'done',
      preview: ROSA,
      intent: first,
      progress: {
        id: 'act_1',
        status: 'pending',
        timedOut: true,
        devices: [
          { id: 201, status: 'done', action: 'disenroll' },
          { id: 203, status: 'pending', action: 'disenroll', followUp: 'mark_disenrolled' },
        ],
      },
    };
    const asked = transition(sent, { type: 'follow-up', device: 203, employee });
    const ask = asked.effects[0] as { type: 'ask-host'; intent: Omit<Intent, 'key'> };
    assert.equal(ask.type, 'ask-host');
    assert.deepEqual(ask.intent.body, {
      employee,
      action: 'mark_disenrolled',
      deviceIds: [203],
      confirmation: '',
      reason: 'Left',
    });
    const approved = transition(sent, { type: 'approved', intent: ask.intent, key: 'key-9' });
    assert.equal(approved.state.name, 'submitting');
    assert.deepEqual(approved.effects, [
      { type: 'stop-following' },
      { type: 'send', intent: { ...ask.intent, key: 'key-9' } },
    ]);
    assert.deepEqual(transition(sent, { type: 'follow-up', device: 201, employee }).effects, []);
  });
});

describe('while the handler indexes', () => {
  test('the preview is asked again after INDEXING_RETRY_MS, never at once, until it is ready', () => {
    const first = transition({ name: 'loading', inDialog: false }, EVENTS['previewed indexing']!.event);
    assert.equal(first.state.name, 'indexing');
    assert.deepEqual(
      first.effects.filter((e) => e.type === 'load-preview'),
      [{ type: 'load-preview', after: INDEXING_RETRY_MS }],
    );
    const again = transition(first.state, EVENTS['previewed indexing']!.event);
    assert.equal(again.state.name, 'indexing');
    assert.equal(again.state.preview?.indexing?.pagesRead, 120);
    const ready = transition(again.state, EVENTS['previewed ready']!.event);
    assert.equal(ready.state.name, 'ready');
    assert.ok(!ready.effects.some((e) => e.type === 'load-preview'));
    const closed = transition(again.state, EVENTS['dialog-closed']!.event);
    assert.ok(
      closed.effects.some((e) => e.type === 'abort-preview'),
      'closing cancels the next ask',
    );
  });
});
