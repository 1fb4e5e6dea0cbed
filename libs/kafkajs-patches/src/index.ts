// kafkajs fixes every kafkajs user of the workspace applies; kafkajs is no longer released.
import { applyKafkajsEncoderPatches } from './kafkajs-encoder-patches';
import { applyKafkajsRefusalFix } from './kafkajs-refusal-fix';
import { applyKafkajsTimerFix } from './kafkajs-timer-fix';

export { applyKafkajsEncoderPatches, applyKafkajsRefusalFix, applyKafkajsTimerFix };
export { DefaultPartitioner } from './kafkajs-partitioner';

/** Every kafkajs fix the services need, applied before the first client is made. */
export function applyKafkajsPatches(): void {
  applyKafkajsEncoderPatches();
  applyKafkajsTimerFix();
  applyKafkajsRefusalFix();
}
