import { EPOCH_MS } from '@sleep/sleep-metrics';
import type { Night } from '../night/night';
import { renderSleepData } from '../render/render-session';
import { SECOND_MS } from '../time/zoned-time';

export type WebhookVersion = 'V3' | 'V2';
export type WebhookEvent = 'INFERENCE_COMPLETE' | 'SESSION_COMPLETE';

export interface WebhookDelivery {
  readonly event: WebhookEvent;
  readonly userId: string;
  readonly sessionId: string;
  /** The receiver's dedupe key (Asleep contract 5.4, 5.5). */
  readonly key: string;
  /** When Asleep sends it, in ms after the session start. */
  readonly offsetMs: number;
  /** INFERENCE_COMPLETE only: the window's epochs, `[from, to)`. */
  readonly epochs?: { readonly from: number; readonly to: number };
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Readonly<Record<string, unknown>>;
}

export interface NightDeliveriesOptions {
  /** Echoed in `x-api-key` (Asleep contract 5.1). */
  readonly apiKey: string;
  readonly version?: WebhookVersion;
  /** Epochs per INFERENCE_COMPLETE; 10 = 5 minutes (Asleep contract 5.4). */
  readonly windowEpochs?: number;
  /** Time the real-time analysis takes after a window's last epoch is uploaded. */
  readonly analysisDelayMs?: number;
}

/** SESSION_COMPLETE `data`: the Get-Session result in UTC plus `user_id` (Asleep contract 5.5). */
export function sessionCompleteData(night: Night) {
  const sleepData = renderSleepData(
    { night, state: 'COMPLETE', revealedEpochs: night.sleepStages.length },
    'UTC',
  );
  return { user_id: night.userId, ...sleepData };
}

function inferenceBody(night: Night, from: number, to: number, version: WebhookVersion) {
  const common = {
    user_id: night.userId,
    session_id: night.sessionId,
    // seq_num is the last uploaded chunk (one per epoch); windows are seq_num // 10 (Asleep contract 5.4).
    seq_num: to - 1,
    inference_seq_num: Math.floor((to - 1) / 10),
  };
  const stages = night.sleepStages.slice(from, to);
  const breath = night.breathStages ? night.breathStages.slice(from, to) : null;
  if (version === 'V2') {
    return {
      callback_event: 'INFERENCE_COMPLETE',
      callback_version: 'V2',
      callback_data: { ...common, stage_list: stages, breath_stages: breath },
    };
  }
  const data = {
    ...common,
    sleep_stages: stages,
    breath_stages: breath,
    snoring_stages: night.snoringStages.slice(from, to),
  };
  return { event: 'INFERENCE_COMPLETE', version: 'V3', data };
}

function sessionCompleteBody(night: Night, version: WebhookVersion) {
  const data = sessionCompleteData(night);
  if (version === 'V3') return { event: 'SESSION_COMPLETE', version: 'V3', data };
  // Legacy V2 (Asleep contract 5.3): the result nested under `sleep_data`, stages as `stage_list`.
  const { user_id, ...sleepData } = data;
  const { sleep_stages, ...session } = sleepData.session;
  return {
    callback_event: 'SESSION_COMPLETE',
    callback_version: 'V2',
    callback_data: {
      user_id,
      session_id: night.sessionId,
      sleep_data: { ...sleepData, session: { ...session, stage_list: sleep_stages } },
    },
  };
}

/**
 * Every webhook Asleep sends for a night, in send order: one INFERENCE_COMPLETE per window
 * (the final partial window too) while the night runs, then SESSION_COMPLETE once analysed.
 */
export function nightDeliveries(night: Night, options: NightDeliveriesOptions): WebhookDelivery[] {
  const version = options.version ?? 'V3';
  const windowEpochs = options.windowEpochs ?? 10;
  const analysisDelayMs = options.analysisDelayMs ?? 5 * SECOND_MS;
  const headers = {
    'x-api-key': options.apiKey,
    'x-user-id': night.userId,
    'content-type': 'application/json',
  };
  const deliveries: WebhookDelivery[] = [];
  const total = night.sleepStages.length;
  for (let from = 0; from < total; from += windowEpochs) {
    const to = Math.min(total, from + windowEpochs);
    deliveries.push({
      event: 'INFERENCE_COMPLETE',
      userId: night.userId,
      sessionId: night.sessionId,
      key: `${night.sessionId}:INFERENCE_COMPLETE:${Math.floor((to - 1) / 10)}`,
      // The last window is uploaded when the session closes, mid-epoch possibly.
      offsetMs: Math.min(
        (to === total ? night.endMs - night.startMs : to * EPOCH_MS) + analysisDelayMs,
        night.completeMs - night.startMs,
      ),
      epochs: { from, to },
      headers,
      body: inferenceBody(night, from, to, version),
    });
  }
  deliveries.push({
    event: 'SESSION_COMPLETE',
    userId: night.userId,
    sessionId: night.sessionId,
    key: `${night.sessionId}:SESSION_COMPLETE`,
    offsetMs: night.completeMs - night.startMs,
    headers,
    body: sessionCompleteBody(night, version),
  });
  return deliveries;
}
