/** Progress of an apply: a bar with rate and ETA on a terminal, one plain line per step otherwise. */
import { SingleBar, Presets } from 'cli-progress';
import type { ApplyProgress } from './apply.js';

export function progressReporter(stream: NodeJS.WriteStream = process.stderr): {
  onProgress: (event: ApplyProgress) => void;
  stop: () => void;
} {
  if (stream.isTTY) {
    const bar = new SingleBar(
      { stream, format: '{bar} {value}/{total} devices | {rate}/min | ETA {eta_formatted}', etaBuffer: 50 },
      Presets.shades_classic,
    );
    const started = Date.now();
    let running = false;
    return {
      onProgress(event) {
        if (event.type === 'start') {
          bar.start(event.total, event.done, { rate: '0' });
          running = true;
        } else if (event.type === 'batch' && running) {
          const minutes = (Date.now() - started) / 60_000;
          bar.update(event.done, { rate: minutes > 0 ? (event.done / minutes).toFixed(0) : '0' });
        }
      },
      stop: () => running && bar.stop(),
    };
  }
  return {
    onProgress(event) {
      const line =
        event.type === 'start'
          ? `start: ${event.total} devices, ${event.done} already handled`
          : event.type === 'recheck'
            ? `ownership re-checked from ${event.method}: ${event.verified} ok, ${event.refused} refused`
            : event.type === 'batch'
              ? `sent ${event.devices} devices (${event.done}/${event.total})`
              : `uncertain: ${event.devices} devices (${event.reason}); their action status will be read`;
      stream.write(`${line}\n`);
    },
    stop: () => undefined,
  };
}
