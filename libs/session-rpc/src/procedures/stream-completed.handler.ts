import type { CompletedPage, SessionRpcService } from '../session-rpc.service';
import type { StreamCompletedInput } from './stream-completed.schema';

export const streamCompletedHandler = (
  service: SessionRpcService,
  input: StreamCompletedInput,
): Promise<CompletedPage> => service.streamCompleted(input);
