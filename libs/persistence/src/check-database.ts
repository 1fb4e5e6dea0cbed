import type { AnyDatabaseHandle } from './database';

/** True when the database answers `select 1` within `timeoutMs`; never throws. */
export async function checkDatabase(
  handle: Pick<AnyDatabaseHandle, 'ping'>,
  timeoutMs = 1500,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(resolve, timeoutMs, false);
  });
  // Both outcomes are handled here, so a ping that settles after the timeout cannot go unhandled.
  const answered = handle.ping().then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([answered, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
