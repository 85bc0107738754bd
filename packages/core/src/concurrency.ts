/** A counting semaphore: at most `limit` tasks run at once, the rest wait their turn in order. */
export class Limiter {
  readonly limit: number;
  #active = 0;
  readonly #queue: (() => void)[] = [];

  constructor(limit: number) {
    this.limit = limit;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active >= this.limit) {
      await new Promise<void>((resolve) => this.#queue.push(resolve));
    } else {
      this.#active++;
    }
    try {
      return await task();
    } finally {
      const next = this.#queue.shift();
      if (next) next();
      else this.#active--;
    }
  }
}

export function checkConcurrency(value: number | undefined, fallback: number, what: string): number {
  const concurrency = value ?? fallback;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new TypeError(`${what} must be a whole number >= 1, got ${String(value)}.`);
  }
  return concurrency;
}
