/** The one error the CLI prints as a single clear line (no stack): bad input, a refused plan, a held lock. */
export class OffboardError extends Error {
  /** A stable code for scripts and tests, e.g. `bad_input`, `plan_tampered`, `approval_required`. */
  readonly code: string;
  /** The process exit code the CLI uses. */
  readonly exitCode: number;
  constructor(code: string, message: string, exitCode = 2) {
    super(message);
    this.name = 'OffboardError';
    this.code = code;
    this.exitCode = exitCode;
  }
}
