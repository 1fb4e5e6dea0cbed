// Test support: the deliveries Asleep would send for one finished night, as domain inputs.
import type { SleepData } from '@sleep/contracts';
import type { Delivery, FinalDelivery, WindowDelivery } from '../domain/night';

export interface NightDeliveriesOptions {
  tenantId?: string;
  userId: string;
  receivedAtMs?: number;
  /** Epochs per INFERENCE_COMPLETE (Asleep contract 5.4: 10 = 5 minutes). */
  windowEpochs?: number;
}

/** One window per `windowEpochs` epochs (the last may be shorter), then SESSION_COMPLETE. */
export function nightDeliveries(data: SleepData, options: NightDeliveriesOptions): Delivery[] {
  const {
    tenantId = 'acme',
    userId,
    receivedAtMs = Date.parse('2025-03-10T18:00:00Z'),
    windowEpochs = 10,
  } = options;
  const sessionId = data.session.id;
  const stages = data.session.sleep_stages ?? [];
  const snoring = data.session.snoring_stages;
  const breath = data.session.breath_stages;
  const windows: WindowDelivery[] = [];
  for (let from = 0; from < stages.length; from += windowEpochs) {
    const to = Math.min(stages.length, from + windowEpochs);
    windows.push({
      kind: 'window',
      tenantId,
      userId,
      sessionId,
      receivedAtMs: receivedAtMs + windows.length,
      k: Math.floor((to - 1) / 10),
      seqNum: to - 1,
      sleepStages: stages.slice(from, to),
      snoringStages: snoring ? snoring.slice(from, to) : null,
      breathStages: breath ? breath.slice(from, to) : null,
    });
  }
  const final: FinalDelivery = {
    kind: 'final',
    tenantId,
    userId,
    sessionId,
    receivedAtMs: receivedAtMs + windows.length,
    data,
  };
  return [...windows, final];
}
