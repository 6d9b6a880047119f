/**
 * The one error type the library throws for bad input: it names the construct path, the
 * offending value and what to do about it. No cdktf imports.
 */
export class MsPortsError extends Error {
  constructor(
    /** Construct path of the role or binding at fault. */
    readonly path: string,
    /** What is wrong, with the offending value. */
    readonly problem: string,
    /** What to change. */
    readonly fix: string,
    /** A stable code tests and tools can match instead of wording (the check id for check findings). Default: none. */
    readonly code?: string,
  ) {
    super(`[cdktf-ms-ports] ${path}: ${problem}. Fix: ${fix}`);
    this.name = 'MsPortsError';
  }
}
