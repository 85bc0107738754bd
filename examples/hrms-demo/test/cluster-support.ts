/** Starts `npm run start:cluster`'s script (src/cluster.ts) as a child process and reads its instances' URLs. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const DEMO_DIR = fileURLToPath(new URL('..', import.meta.url));

export interface RunningCluster {
  /** The two instances' origins, e.g. http://localhost:41234. */
  origins: string[];
  output(): string;
  /** SIGTERM, as Ctrl-C would; resolves with the exit code once the cluster (and both instances) stopped. */
  stop(): Promise<number | null>;
}

export async function startCluster(env: NodeJS.ProcessEnv, timeoutMs = 90_000): Promise<RunningCluster> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=@hexnode-offboard/source', '--import', 'tsx', 'src/cluster.ts'],
    { cwd: DEMO_DIR, env: { PATH: process.env.PATH, PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const origins = new Map<string, string>();
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the cluster did not start:\n${output}`)), timeoutMs);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      for (const match of output.matchAll(/\[instance (\d)\] .* is running at (http:\/\/\S+)\//g))
        origins.set(match[1]!, new URL(match[2]!).origin);
      // Each instance's start-up lines end with its sign-in line: wait for both, not just their URLs.
      const started = new Set(
        [...output.matchAll(/\[instance (\d)\] Sign in as /g)].map((match) => match[1]),
      );
      if (origins.size === 2 && started.size === 2) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the cluster exited (${code}):\n${output}`));
    });
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  try {
    await ready;
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    origins: [origins.get('1')!, origins.get('2')!],
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
