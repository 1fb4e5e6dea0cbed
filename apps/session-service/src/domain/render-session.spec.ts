import { StatSchema } from '@sleep/contracts';
import { sampleGetSessionSeoul, sampleListSessionsResponse } from '@sleep/contracts/testing';
import { nightDeliveries } from '../testing/night-deliveries';
import { sampleSleepData, sampleUserId } from '../testing/samples';
import type { Night } from './night';
import { renderListItem, renderSleepData } from './render-session';
import { reduceNight } from './session-reducer';

const complete = reduceNight(
  null,
  nightDeliveries(sampleSleepData(), { userId: sampleUserId }).at(-1)!,
).night as Night;

describe('renderSleepData', () => {
  it('renders a stored night exactly like Get Session with `timezone: Asia/Seoul` (Asleep contract 9.3)', () => {
    const rendered = renderSleepData(complete, 'Asia/Seoul');
    expect(rendered).toEqual(sampleGetSessionSeoul.result);
    // Fields in the order of Asleep's doc example, whatever order the stored JSON came back in.
    expect(Object.keys(rendered.stat!)).toEqual(Object.keys(StatSchema.shape));
  });

  it('renders it in UTC as SESSION_COMPLETE carried it', () => {
    expect(renderSleepData(complete, 'UTC')).toEqual(sampleSleepData());
  });

  it('renders an open night with what arrived so far; missing epochs read as no data', () => {
    const open = reduceNight(null, nightDeliveries(sampleSleepData(), { userId: sampleUserId })[2])
      .night as Night;
    const rendered = renderSleepData(open, 'UTC');
    expect(rendered.session).toMatchObject({ state: 'OPEN', end_time: null, breath_stages: null });
    expect(rendered.session.sleep_stages).toEqual([
      ...Array(20).fill(-1),
      ...sampleSleepData().session.sleep_stages!.slice(20, 30),
    ]);
    expect(rendered.session.snoring_stages).toHaveLength(30);
    expect(rendered).toMatchObject({
      stat: null,
      peculiarities: ['IN_PROGRESS', 'NO_BREATHING_STABILITY'],
    });
  });
});

describe('renderListItem', () => {
  it('has the shape of an S2 item, datetimes in the zone asked for', () => {
    const item = renderListItem(complete, 'Asia/Seoul');
    expect(Object.keys(item)).toEqual(
      Object.keys(sampleListSessionsResponse.result.sleep_session_list[0]),
    );
    expect(item).toEqual({
      session_id: complete.sessionId,
      state: 'COMPLETE',
      session_start_time: '2025-03-10T23:00:00+09:00',
      session_end_time: '2025-03-11T01:01:00+09:00',
      created_timezone: 'Asia/Seoul',
      unexpected_end_time: null,
      last_received_seq_num: 241,
      time_in_bed: 7260,
    });
  });
});
