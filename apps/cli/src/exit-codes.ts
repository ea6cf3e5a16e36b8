/** ffe-ctl's exit codes: scripts branch on them, so they are part of the interface. */
export const ExitCode = {
  ok: 0,
  /** The API refused the request (4xx / 5xx), bad usage, or the operator declined. */
  failure: 1,
  /** The API could not be reached (or, for `health check`, it is unhealthy). */
  unreachable: 2,
  /** 401 or 403: the API key is missing or wrong. */
  auth: 3,
  /** No answer within --timeout. */
  timeout: 4,
  /**
   * `bot emergency-stop --close-positions`: the bot is halted (emergency_stopped), but some or
   * all positions are still open (the close was not confirmed, or a close failed). Distinct
   * from 1 so a script knows the halt itself succeeded and a human must see to the positions.
   */
  haltedPositionsOpen: 5,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A failure to report as one line on stderr, with the exit code it maps to. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const EXIT_CODES_HELP = `
Exit codes:
  0  success
  1  the API refused the request (4xx/5xx, with its message), bad usage, or not confirmed
  2  the API is unreachable (health check: unhealthy or unreachable)
  3  authentication failed (401/403): set --api-key or FFE_API_KEY
  4  no answer within --timeout
  5  emergency-stop --close-positions: halted, but positions are still open
     (close not confirmed: pass --yes; or a close failed)
`;
