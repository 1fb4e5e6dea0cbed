// Asleep contract 9.1 (INFERENCE_COMPLETE, V3) and the same deliveries in the legacy V2 form of 5.3.
import { deepFreeze } from './frozen';
import { sampleSessionId, sampleUserId } from './night';
import { sampleSessionComplete } from './sessions';

/** 9.1: window 12 = epochs 120-129 (15:00:00Z-15:05:00Z). */
export const sampleInferenceComplete = deepFreeze({
  event: 'INFERENCE_COMPLETE',
  version: 'V3',
  data: {
    user_id: sampleUserId,
    session_id: sampleSessionId,
    seq_num: 129,
    inference_seq_num: 12,
    sleep_stages: [1, 1, 3, 3, 3, 3, 3, 3, 3, 3],
    breath_stages: null,
    snoring_stages: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  },
});

/** 9.1 as V2: `callback_*` keys, `stage_list`, no `snoring_stages`. */
export const sampleInferenceCompleteV2 = deepFreeze({
  callback_event: 'INFERENCE_COMPLETE',
  callback_version: 'V2',
  callback_data: {
    user_id: sampleUserId,
    session_id: sampleSessionId,
    seq_num: 129,
    inference_seq_num: 12,
    stage_list: [1, 1, 3, 3, 3, 3, 3, 3, 3, 3],
    breath_stages: null,
  },
});

const { user_id, ...sleepData } = sampleSessionComplete.data;

/** 9.2 as V2: the Get-Session result nested under `sleep_data`, stages as `stage_list`. */
export const sampleSessionCompleteV2 = deepFreeze({
  callback_event: 'SESSION_COMPLETE',
  callback_version: 'V2',
  callback_data: {
    user_id,
    session_id: sampleSessionId,
    sleep_data: {
      ...sleepData,
      session: (({ sleep_stages, ...session }) => ({ ...session, stage_list: sleep_stages }))(
        sleepData.session,
      ),
    },
  },
});
