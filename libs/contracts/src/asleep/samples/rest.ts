// Asleep contract 3: the REST examples, `<USER_ID>` placeholders filled with the 1.1 example id.
import { deepFreeze } from './frozen';

const docUserId = 'G-20250115025029-vLErWBfQNtnfvgDccFOQ';

export const sampleCreateUserRequest = deepFreeze({
  metadata: {
    birth_year: 2001,
    birth_month: 1,
    birth_day: 1,
    gender: 'male',
    height: 178.6,
    weight: 62.1,
  },
});

export const sampleCreateUserResponse = deepFreeze({
  detail: 'success',
  result: { user_id: docUserId },
});

export const sampleGetUserResponse = deepFreeze({
  detail: 'success',
  result: {
    user_id: docUserId,
    to_be_deleted: false,
    last_session_info: {
      session_id: '20230630224117',
      inference_type: 'MELSPECTROGRAM',
      service: 'NOSERVICE',
      start_time: '2023-06-30T22:41:17',
      end_time: '2023-07-01T05:36:12',
      state: 'COMPLETE',
      complete_time: '2023-07-01T05:41:12',
    },
    metadata: {
      birth_year: 2001,
      birth_month: 1,
      birth_day: 1,
      gender: 'male',
      height: 178.6,
      weight: 62.1,
    },
  },
});

/** The doc's own typos, `sucess` and `gendar`, kept on purpose (Asleep contract U3). */
export const sampleUpdateUserResponse = deepFreeze({
  detail: 'sucess',
  result: {
    user_id: docUserId,
    metadata: {
      birth_year: 2001,
      birth_month: 1,
      birth_day: 1,
      gendar: 'male',
      height: 178.6,
      weight: 62.1,
    },
  },
});

export const sampleListSessionsResponse = deepFreeze({
  detail: 'OK',
  result: {
    timezone: 'UTC',
    sleep_session_list: [
      {
        session_id: '20250114182518_eq85p',
        state: 'COMPLETE',
        session_start_time: '2025-01-14T18:25:18+00:00',
        session_end_time: '2025-01-14T22:55:55+00:00',
        created_timezone: 'Asia/Seoul',
        unexpected_end_time: null,
        last_received_seq_num: 540,
        time_in_bed: 16237,
      },
    ],
  },
});

export const sampleInvalidTimezoneError = deepFreeze({
  detail: 'The invalid timezone is provided',
});

/**
 * A1, with the doc's `"..."` placeholder values in the session lists filled in; the truncation
 * marker inside `average_stats` is kept to prove unknown fields pass.
 */
export const sampleAverageStatsResponse = deepFreeze({
  detail: 'OK',
  result: {
    period: { timezone: 'UTC', start_date: '2025-01-01', end_date: '2025-01-05' },
    peculiarities: ['NO_BREATHING_STABILITY'],
    // prettier-ignore
    average_stats: {
      start_time: '02:54:01', end_time: '07:28:03', sleep_time: '03:10:30', wake_time: '07:17:44',
      sleep_latency: 990, wakeup_latency: 714, time_in_bed: 16381, time_in_sleep_period: 14658,
      time_in_sleep: 14154, time_in_wake: 504, time_in_light: 6492, time_in_deep: 3270, time_in_rem: 4392,
      time_in_stable_breath: null, time_in_unstable_breath: null, time_in_snoring: 53, time_in_no_snoring: 18270,
      sleep_efficiency: 0.864, wake_ratio: 0.034, sleep_ratio: 0.966, light_ratio: 0.443,
      '...': '(truncated in stored doc)',
    },
    never_slept_sessions: [
      {
        id: '20250103011500_ab12c',
        start_time: '2025-01-03T01:15:00+00:00',
        end_time: '2025-01-03T01:52:30+00:00',
        completed_time: '2025-01-03T01:58:00+00:00',
      },
    ],
    slept_sessions: [
      {
        id: '20250101025401_xk3p9',
        created_timezone: 'Asia/Seoul',
        start_time: '2025-01-01T02:54:01+00:00',
        end_time: '2025-01-01T07:28:03+00:00',
        completed_time: '2025-01-01T07:33:10+00:00',
        sleep_index: 71,
        time_in_bed: 16381,
        sleep_efficiency: 0.86,
      },
    ],
  },
});
