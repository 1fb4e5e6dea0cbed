import { startSimFixture } from './support/sim';
test('probe', async () => {
  const f = await startSimFixture();
  const c = f.client();
  const { userId, nights } = f.sim.createUserWithNights({ nights: 3 });
  console.log(await c.getUser(userId));
  const s = await c.getSession(userId, nights[0].sessionId, { timezone: 'Asia/Seoul' });
  console.log(JSON.stringify(s).length, s.timezone, s.session.start_time, s.stat?.sleep_index);
  console.log(await c.listSessions(userId, { limit: 2 }));
  console.log(await c.getAverageStats(userId, { startDate: '2020-01-01', endDate: '2020-02-01' }).catch(e=>e));
  console.log(f.sim.requests.snapshot());
  await f.stop();
});
