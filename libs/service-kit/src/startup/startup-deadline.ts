/** Raised when the service could not become ready within STARTUP_TIMEOUT_MS. */
export class StartupDeadlineError extends Error {
  override readonly name = 'StartupDeadlineError';
}

/** The one time budget every startup step (dependency waits, migrations, init) draws from. */
export class StartupDeadline {
  readonly at: number;

  constructor(
    readonly timeoutMs: number,
    startedAt = Date.now(),
  ) {
    this.at = startedAt + timeoutMs;
  }

  remainingMs(): number {
    return Math.max(0, this.at - Date.now());
  }

  error(waitingFor: string): StartupDeadlineError {
    return new StartupDeadlineError(
      `not ready within STARTUP_TIMEOUT_MS (${this.timeoutMs} ms): still waiting for ${waitingFor}`,
    );
  }
}
