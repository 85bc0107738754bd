import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveSettings } from '../src/index.js';
import { tempDir, writeFile } from './helpers.js';

test('settings: flags beat the environment, which beats the config file', () => {
  const config = writeFile(
    tempDir(),
    'config.json',
    JSON.stringify({ portal: 'fromfile', windowMs: 5000, share: 0.5, approvalThreshold: 7, author: 'carol' }),
  );
  const env = { HEXNODE_API_KEY: 'k', HEXNODE_WINDOW_MS: '2000', HEXNODE_OFFBOARD_USER: 'dave' };
  const settings = resolveSettings({ config, windowMs: '1000' }, env);
  assert.deepEqual(settings.target, { portal: 'fromfile', apiKey: 'k' });
  assert.deepEqual(settings.budget, { windowMs: 1000, share: 0.5 });
  assert.equal(settings.approvalThreshold, 7);
  assert.equal(settings.author, 'dave');
  const fromEnv = resolveSettings({ config }, { ...env, HEXNODE_BASE_URL: 'http://127.0.0.1:9/api/v1/' });
  assert.deepEqual(fromEnv.target, { baseUrl: 'http://127.0.0.1:9/api/v1/', apiKey: 'k' });
  assert.deepEqual(fromEnv.budget, { windowMs: 2000, share: 0.5 });
});

test('settings: a key in the config file and bad budget values are refused with a clear error', () => {
  const dir = tempDir();
  const withKey = writeFile(dir, 'key.json', JSON.stringify({ portal: 'acme', apiKey: 'secret' }));
  assert.throws(() => resolveSettings({ config: withKey }, {}), /API key belongs in HEXNODE_API_KEY/);
  assert.throws(() => resolveSettings({ share: '1.5' }, {}), /--share: "1.5" is not valid/);
  assert.throws(() => resolveSettings({ callsPerMinute: 'ten' }, {}), /--calls-per-minute/);
});
