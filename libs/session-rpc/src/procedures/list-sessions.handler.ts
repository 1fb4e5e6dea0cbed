import type { ListSessionsResult } from '@sleep/contracts';
import type { SessionRpcService } from '../session-rpc.service';
import type { ListSessionsInput } from './list-sessions.schema';

export const listSessionsHandler = (
  service: SessionRpcService,
  input: ListSessionsInput,
): Promise<ListSessionsResult> => service.listSessions(input);
