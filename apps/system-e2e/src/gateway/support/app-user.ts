import { setTimeout as sleep } from 'node:timers/promises';
import { type GatewayClient, gatewayErrorInfo, type RouterInputs } from '@sleep/api-client';

/**
 * Registers the caller as an app user, waiting out "Asleep is unavailable" the way a frontend
 * would (the answer says when to try again): on a busy machine the simulated Asleep can answer
 * later than the gateway's request timeout.
 */
export async function createAppUser(
  member: GatewayClient,
  input: RouterInputs['users']['create'],
  attempts = 8,
) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await member.users.create.mutate(input);
    } catch (error) {
      const info = gatewayErrorInfo(error);
      if (info?.code !== 'SERVICE_UNAVAILABLE' || attempt >= attempts) throw error;
      await sleep(info.retryAfterMs ?? 1_000);
    }
  }
}
