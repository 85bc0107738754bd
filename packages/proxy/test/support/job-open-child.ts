/**
 * One process of the "two instances open one older file at once" test: says "opening", opens the SQLite job queue
 * on the file (adding the columns it lacks), and prints "opened", or the error that stopped it, as one line.
 * Argument: the database file.
 */
import { createSqliteJobQueue } from '@hexnode-offboard/proxy/sqlite';

const [path] = process.argv.slice(2);
process.stdout.write('opening\n');
try {
  createSqliteJobQueue(path!).close();
  process.stdout.write('opened\n');
} catch (error) {
  process.stdout.write(`${error instanceof Error ? error.message : String(error)}\n`);
}
