import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { verifyAuditLog } from '@hexnode-offboard/proxy';
import { createSqliteStore } from '@hexnode-offboard/proxy/node';
import { ACTORS, JANE, tokenFor } from './support/harness.js';
import { tempDir } from './support/stores.js';

const CHILD = fileURLToPath(new URL('./support/crash-child.ts', import.meta.url));

for (const durability of ['full', 'actions'] as const) {
  test(`an acknowledged action survives kill -9 (durability ${durability}): its audit records and idempotency record are on disk and the chain verifies`, async () => {
    const temp = tempDir();
    const path = join(temp.dir, 'offboard.db');
    const child = spawn(
      process.execPath,
      ['--conditions=@hexnode-offboard/source', '--import', 'tsx', CHILD, path, durability],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
      const { url, deviceIds } = JSON.parse(line) as { url: string; deviceIds: number[] };
      const token = await tokenFor(ACTORS.hr, JANE, ['wipe']);
      const key = crypto.randomUUID();
      const response = await fetch(`${url}/api/hexnode-offboard/actions`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${token}`,
          'Idempotency-Key': key,
        },
        body: JSON.stringify({
          employee: { email: JANE },
          action: 'wipe',
          deviceIds,
          options: { mode: 'corporate' },
          confirmation: JANE,
        }),
      });
      assert.equal(response.status, 202);
      const accepted = (await response.json()) as { id: string; auditId: string };

      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      const [code, signal] = (await exited) as [number | null, string | null];
      assert.deepEqual([code, signal], [null, 'SIGKILL']);

      const reopened = createSqliteStore({ path });
      try {
        const idempotency = await reopened.getIdempotencyRecord({ tenant: 'acme', actorId: 'hr-1', key });
        assert.equal(idempotency?.state, 'completed');
        assert.equal(idempotency?.response?.status, 202);
        assert.equal((JSON.parse(idempotency?.response?.body ?? '{}') as { id?: string }).id, accepted.id);
        const records = await reopened.readAudit({ actionId: accepted.id });
        assert.deepEqual(
          records.map((record) => [record.event, record.outcome]),
          [
            ['action', 'allowed'],
            ['action_result', 'sent'],
          ],
        );
        assert.equal(records[0]!.id, accepted.auditId);
        assert.equal(records[0]!.employee?.email, JANE);
        assert.deepEqual(await verifyAuditLog(reopened), { ok: true, records: 2 });
      } finally {
        await reopened.close?.();
      }
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      temp.remove();
    }
  });
}
