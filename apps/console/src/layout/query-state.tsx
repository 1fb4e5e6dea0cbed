import { gatewayErrorInfo } from '@sleep/api-client';

/** A failed call as a sentence: the gateway's message and the fields at fault. */
export function ErrorNote({ error }: { error: unknown }) {
  const info = gatewayErrorInfo(error);
  const message = info
    ? `${info.message}${info.issues.length ? ` (${info.issues.map((i) => i.path).join(', ')})` : ''}`
    : error instanceof Error
      ? error.message
      : 'Something went wrong';
  return (
    <p className="error" role="alert">
      {message}
    </p>
  );
}

export function Loading({ what }: { what: string }) {
  return <p role="status">Loading {what}…</p>;
}
