/**
 * The steps to take back when an action is refused before Hexnode was called: each step that reserves
 * something (an idempotency key, a rate-limit event) pushes its undo. Once the Hexnode action was attempted
 * the reservations stand, and the stack is dropped instead.
 */
export class UndoStack {
  #steps: (() => Promise<void>)[] = [];

  push(step: () => Promise<void>): void {
    this.#steps.push(step);
  }

  /** Runs every step, newest first, and empties the stack. Steps handle their own failures. */
  async unwind(): Promise<void> {
    const steps = this.#steps.reverse();
    this.#steps = [];
    for (const step of steps) await step();
  }

  /** Keeps what was reserved: nothing is undone. */
  drop(): void {
    this.#steps = [];
  }
}
