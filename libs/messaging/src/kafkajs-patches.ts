import { applyKafkajsTimerFix } from '@sleep/kafkajs-patches';
import { applyKafkajsEncoderPatches } from './kafkajs-encoder-patches';

/** Every kafkajs fix the services need, applied before the first client is made. */
export function applyKafkajsPatches(): void {
  applyKafkajsEncoderPatches();
  applyKafkajsTimerFix();
}
