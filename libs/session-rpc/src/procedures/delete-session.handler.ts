import type { DeleteSessionResult, SessionRpcService } from '../session-rpc.service';
import type { DeleteSessionInput } from './delete-session.schema';

export const deleteSessionHandler = (
  service: SessionRpcService,
  input: DeleteSessionInput,
): Promise<DeleteSessionResult> => service.deleteSession(input);
