import type {
  AsleepSessionListItem,
  ListSessionsResult,
  SleepData,
  UserMetadata,
} from '@sleep/contracts';
import type { DeleteSessionInput } from './procedures/delete-session.schema';
import type { GetSessionInput } from './procedures/get-session.schema';
import type { GetUserInput } from './procedures/get-user.schema';
import type { ListSessionsInput } from './procedures/list-sessions.schema';
import type { StreamCompletedInput, StreamCursor } from './procedures/stream-completed.schema';

/** A user as session-service knows them: from webhooks and `sleep.users.v1`. */
export interface SessionUser {
  user_id: string;
  tenant_id: string;
  /** Null until a `sleep.user.upserted` event told it. */
  metadata: UserMetadata | null;
  /** When the first and the latest webhook about the user was received (UTC). */
  first_seen_at: string;
  last_seen_at: string;
  session_count: number;
  /** The latest session by start, in the requested zone, as an Asleep list item (S2). */
  last_session: AsleepSessionListItem | null;
}

export interface DeleteSessionResult {
  /** False when this service held no such session (it is gone everywhere all the same). */
  deleted: boolean;
  /** Asleep answered 404: it was already gone upstream. */
  upstreamAlreadyDeleted: boolean;
}

/** One COMPLETE night of the store, as its latest `sleep.session.completed` event carried it. */
export interface CompletedNight {
  tenantId: string;
  asleepUserId: string;
  sessionId: string;
  version: number;
  /** Rendered in UTC, like the event. */
  sleepData: SleepData;
}

export interface CompletedPage {
  nights: CompletedNight[];
  /** Pass as `after` for the next page; null after the last one. */
  next: StreamCursor | null;
}

/** What the router needs from the service; session-service implements it over its store. */
export interface SessionRpcService {
  /** Asleep S1 semantics; throws `SessionRpcError('NOT_FOUND')` for an unknown user or session. */
  getSession(input: GetSessionInput): Promise<SleepData>;
  /** Asleep S2 semantics; an unknown user has no sessions. */
  listSessions(input: ListSessionsInput): Promise<ListSessionsResult>;
  /** Upstream (Asleep S3) first, then locally, then the `sleep.session.deleted` event. */
  deleteSession(input: DeleteSessionInput): Promise<DeleteSessionResult>;
  getUser(input: GetUserInput): Promise<SessionUser>;
  /** Every COMPLETE night of every tenant, in pages: the replay source of analytics' rebuild. */
  streamCompleted(input: StreamCompletedInput): Promise<CompletedPage>;
}

/** Codes a service may fail with; each is the tRPC error code the caller receives. */
export const SESSION_RPC_ERROR_CODES = [
  'NOT_FOUND',
  'BAD_REQUEST',
  'PRECONDITION_FAILED',
  'TOO_MANY_REQUESTS',
  'BAD_GATEWAY',
  'SERVICE_UNAVAILABLE',
] as const;
export type SessionRpcErrorCode = (typeof SESSION_RPC_ERROR_CODES)[number];

/** The code of a session-service error as a caller sees it, if it is one of ours. */
export function sessionRpcErrorCode(code: string | undefined): SessionRpcErrorCode | undefined {
  return (SESSION_RPC_ERROR_CODES as readonly string[]).includes(code ?? '')
    ? (code as SessionRpcErrorCode)
    : undefined;
}

/** A failure the caller can act on; anything else reaches it as INTERNAL_SERVER_ERROR. */
export class SessionRpcError extends Error {
  override readonly name = 'SessionRpcError';
  constructor(
    readonly code: SessionRpcErrorCode,
    message: string,
  ) {
    super(message);
  }
}
