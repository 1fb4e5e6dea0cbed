import type { SleepData } from '@sleep/contracts';
import type { SessionRpcService } from '../session-rpc.service';
import type { GetSessionInput } from './get-session.schema';

export const getSessionHandler = (
  service: SessionRpcService,
  input: GetSessionInput,
): Promise<SleepData> => service.getSession(input);
