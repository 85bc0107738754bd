// Measures how long the seeded fleet takes to build: `node --import tsx packages/simulator/bench/fleet.bench.ts`.
// Prints wall-clock and CPU time: on a busy machine the wall clock is mostly waiting for a core.
import { createSimulator } from '../src/index.js';

for (const [users, devices] of [
  [60, 90],
  [5_000, 8_000],
  [50_000, 80_000],
] as const) {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    const usage = process.cpuUsage();
    createSimulator({ users, devices, seed: i + 1 });
    const used = process.cpuUsage(usage);
    wall.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[1]!.toFixed(0);
  console.log(`${users} users, ${devices} devices: median ${median(wall)} ms wall, ${median(cpu)} ms CPU`);
}
