// Asleep contract 9.2 and 9.3: the same night as a SESSION_COMPLETE webhook (UTC) and as a
// Get-Session response rendered in Asia/Seoul.
import { deepFreeze } from './frozen';
import {
  sampleSessionId,
  sampleSleepStages,
  sampleSnoringStages,
  sampleStatSeoul,
  sampleStatUtc,
  sampleUserId,
} from './night';

/** 9.2. */
export const sampleSessionComplete = deepFreeze({
  event: 'SESSION_COMPLETE',
  version: 'V3',
  data: {
    user_id: sampleUserId,
    timezone: 'UTC',
    peculiarities: ['NO_BREATHING_STABILITY'],
    missing_data_ratio: 0.0,
    session: {
      id: sampleSessionId,
      state: 'COMPLETE',
      start_time: '2025-03-10T14:00:00+00:00',
      end_time: '2025-03-10T16:01:00+00:00',
      unexpected_end_time: null,
      created_timezone: 'Asia/Seoul',
      sleep_stages: [...sampleSleepStages],
      breath_stages: null,
      snoring_stages: [...sampleSnoringStages],
    },
    stat: sampleStatUtc,
  },
});

/** 9.3: `GET /data/v3/sessions/20250310140000_k3m9x` with `timezone: Asia/Seoul`. */
export const sampleGetSessionSeoul = deepFreeze({
  detail: 'OK',
  result: {
    timezone: 'Asia/Seoul',
    peculiarities: ['NO_BREATHING_STABILITY'],
    missing_data_ratio: 0.0,
    session: {
      id: sampleSessionId,
      state: 'COMPLETE',
      start_time: '2025-03-10T23:00:00+09:00',
      end_time: '2025-03-11T01:01:00+09:00',
      unexpected_end_time: null,
      created_timezone: 'Asia/Seoul',
      sleep_stages: [...sampleSleepStages],
      breath_stages: null,
      snoring_stages: [...sampleSnoringStages],
    },
    stat: sampleStatSeoul,
  },
});
