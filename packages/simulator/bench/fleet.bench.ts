// Measures how long the seeded fleet takes to build: `node --import tsx packages/simulator/bench/fleet.bench.ts`.
import { createSimulator } from '../src/index.js';

for (const [users, devices] of [
  [60, 90],
  [5_000, 8_000],
  [50_000, 80_000],
] as const) {
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    createSimulator({ users, devices, seed: i + 1 });
    runs.push(performance.now() - start);
  }
  runs.sort((a, b) => a - b);
  console.log(
    `${users} users, ${devices} devices: median ${runs[1]!.toFixed(0)} ms (min ${runs[0]!.toFixed(0)} ms)`,
  );
}
