import type { SessionRpcService, SessionUser } from '../session-rpc.service';
import type { GetUserInput } from './get-user.schema';

export const getUserHandler = (
  service: SessionRpcService,
  input: GetUserInput,
): Promise<SessionUser> => service.getUser(input);
