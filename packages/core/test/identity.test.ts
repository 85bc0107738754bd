/**
 * Conservative identity: an address matches only the addresses that are the same once trimmed and
 * ASCII-lower-cased. Each class of lookalike that Unicode folding would turn into another person's ASCII
 * address is checked against the directory (a real simulator), and the protocol refuses addresses and texts
 * that would otherwise need changing.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { emailNote, normalizeEmail } from '@hexnode-offboard/core';
import { ActionRequest, MAX_EMAIL_LENGTH, PreviewRequest } from '@hexnode-offboard/core/protocol';
import { useSimulator } from './simulator-harness.js';
import { LOOKALIKES, PEOPLE } from './fixtures/lookalikes.js';

describe('normalizeEmail: conservative identity keys', () => {
  for (const { kind, lookalike, person } of LOOKALIKES) {
    test(`a lookalike written with a ${kind} keeps its own key, never ${person}`, () => {
      assert.notEqual(normalizeEmail(lookalike), normalizeEmail(person));
      assert.equal(normalizeEmail(` ${lookalike} `), lookalike);
    });
  }

  test('ASCII case and surrounding whitespace still make no difference', () => {
    assert.equal(normalizeEmail(' Sam.Shift@ACME.example\t'), 'sam.shift@acme.example');
  });

  test('non-ASCII letters are not case-folded: Ä and ä are two addresses', () => {
    assert.notEqual(normalizeEmail('JÄGER@acme.example'), normalizeEmail('jäger@acme.example'));
    assert.equal(normalizeEmail('JÄGER@acme.example'), 'jÄger@acme.example');
  });

  test(`a key over ${MAX_EMAIL_LENGTH} characters is never cut to fit: it matches nothing`, () => {
    const long = `${'a'.repeat(MAX_EMAIL_LENGTH)}@acme.example`;
    assert.equal(normalizeEmail(long), '');
    assert.equal(
      normalizeEmail(`${'a'.repeat(MAX_EMAIL_LENGTH - 13)}@acme.example`).length,
      MAX_EMAIL_LENGTH,
    );
  });
});

describe('emailNote: why an address is matched only exactly', () => {
  test('a plain ASCII address has no note', () => {
    assert.equal(emailNote('Jane.Leaver@Acme.Example'), null);
  });

  test('a non-ASCII local part is noted, with the ASCII address it resembles', () => {
    assert.deepEqual(emailNote('ſam.shift@acme.example'), {
      code: 'non_ascii_local_part',
      resembles: 'sam.shift@acme.example',
    });
    assert.deepEqual(emailNote('jürgen@acme.example'), { code: 'non_ascii_local_part' });
  });

  test('an ASCII local part with a domain that changes under NFKC is noted as not normalised', () => {
    assert.deepEqual(emailNote('sam.shift@ａcme.example'), {
      code: 'not_normalized',
      resembles: 'sam.shift@acme.example',
    });
  });

  test('an internationalised domain already in normal form has no note', () => {
    assert.equal(emailNote('anna@müller.example'), null);
  });
});

describe('the directory never resolves a lookalike to the ASCII person', () => {
  const sim = useSimulator({
    fleet: {
      users: PEOPLE.map((email, index) => ({ name: `Person ${index + 1}`, email })),
      devices: PEOPLE.map((_, index) => ({ name: `Phone ${index + 1}`, platform: 'ios', userId: index + 1 })),
    },
  });

  for (const { kind, lookalike, person } of LOOKALIKES) {
    test(`${kind}: the lookalike is not found and does not own ${person}'s device`, async () => {
      const directory = sim.directory();
      const real = await directory.lookup(person);
      assert.equal(real.status, 'found');
      assert.equal((await directory.lookup(lookalike)).status, 'not_found');
      const deviceId = real.status === 'found' ? real.devices[0]!.id : 0;
      assert.equal((await directory.verifyOwnership(deviceId, lookalike)).owned, false);
      assert.equal((await directory.verifyOwnership(deviceId, person.toUpperCase())).owned, true);
    });
  }
});

describe('the protocol refuses what it would otherwise have to change', () => {
  const request = (email: string) => PreviewRequest.safeParse({ employee: { email } });

  test('an email with control, zero-width or bidi characters, or a lone surrogate, is refused', () => {
    for (const email of [
      'sam\u0000@acme.example',
      'sam\u200b.shift@acme.example',
      'sam\u202e@acme.example',
      'sam\u00ad@acme.example',
      'sam\ud800@acme.example',
    ]) {
      assert.equal(request(email).success, false, JSON.stringify(email));
    }
    assert.equal(request('jürgen@acme.example').success, true);
  });

  test(`an email over ${MAX_EMAIL_LENGTH} characters is refused, not cut`, () => {
    assert.equal(request(`${'a'.repeat(MAX_EMAIL_LENGTH)}@x`).success, false);
  });

  test('a reason is limited in characters, so 1000 emoji fit and 1001 do not', () => {
    const body = (reason: string) => ({
      employee: { email: 'sam.shift@acme.example' },
      action: 'lock',
      deviceIds: [1],
      confirmation: '',
      reason,
    });
    assert.equal(ActionRequest.safeParse(body('😀'.repeat(1000))).success, true);
    assert.equal(ActionRequest.safeParse(body('😀'.repeat(1001))).success, false);
    assert.equal(ActionRequest.safeParse(body('a'.repeat(1001))).success, false);
  });
});
