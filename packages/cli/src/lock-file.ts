/** One apply of a plan at a time: a lock file created exclusively, holding the owner's pid. */
import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { OffboardError } from './errors.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock or throws `locked`. A lock left by a dead process (kill -9) is taken over. */
export function takeLock(file: string): () => void {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
        throw new OffboardError(
          'locked',
          `Another apply of this plan is running (pid ${pid}); wait for it to finish.`,
          4,
        );
      }
      rmSync(file, { force: true }); // its owner died
    }
  }
  throw new OffboardError('locked', `Cannot take the lock ${file}.`, 4);
}
