import { fork } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { Pool } from 'undici';
import { AsleepClient } from '../src';
import { Transport } from '../src/transport';

async function main() {
  const child = fork(join(__dirname, 'sim-process.ts'), { execArgv: ['-r', '@swc-node/register'], env: { ...process.env, BENCH_API_KEY: 'bench-key' } });
  const [t] = (await once(child, 'message')) as [{ url: string; userId: string; sessionId: string }];
  const client = new AsleepClient({ baseUrl: t.url, apiKey: 'bench-key' });
  let sendTotal = 0;
  const orig = Transport.prototype.send;
  Transport.prototype.send = async function (this: Transport, ...args: Parameters<typeof orig>) {
    const s = performance.now(); try { return await orig.apply(this, args); } finally { sendTotal += performance.now() - s; }
  };
  const pool = new Pool(t.url, { connections: 16 });
  const headers = { 'x-api-key': 'bench-key', 'x-user-id': t.userId, timezone: 'Asia/Seoul' };
  const path = `/data/v3/sessions/${t.sessionId}`;
  let bareText = '';
  const bare = async () => { const r = await pool.request({ method: 'GET', path, headers }); bareText = await r.body.text(); return JSON.parse(bareText); };
  for (let i = 0; i < 1000; i++) { await bare(); await client.getSession(t.userId, t.sessionId, { timezone: 'Asia/Seoul' }); }
  console.log('body bytes', bareText.length);
  sendTotal = 0;
  const N = 5000; let bareT = 0, clientT = 0;
  for (let i = 0; i < N; i++) {
    let s = performance.now(); await bare(); bareT += performance.now() - s;
    s = performance.now(); await client.getSession(t.userId, t.sessionId, { timezone: 'Asia/Seoul' }); clientT += performance.now() - s;
  }
  console.log('mean bare', (bareT / N * 1000).toFixed(1), 'client', (clientT / N * 1000).toFixed(1), 'client send part', (sendTotal / N * 1000).toFixed(1), 'client outside send', ((clientT - sendTotal) / N * 1000).toFixed(1));
  const cpu0 = process.cpuUsage(); let s = performance.now();
  for (let i = 0; i < N; i++) await bare();
  const cpuBare = process.cpuUsage(cpu0); const wallBare = performance.now() - s;
  const cpu1 = process.cpuUsage(); s = performance.now();
  for (let i = 0; i < N; i++) await client.getSession(t.userId, t.sessionId, { timezone: 'Asia/Seoul' });
  const cpuClient = process.cpuUsage(cpu1); const wallClient = performance.now() - s;
  console.log('cpu/call bare', ((cpuBare.user + cpuBare.system) / N).toFixed(1), 'µs wall', (wallBare / N * 1000).toFixed(1), '| client', ((cpuClient.user + cpuClient.system) / N).toFixed(1), 'µs wall', (wallClient / N * 1000).toFixed(1));
  await client.close(); await pool.close(); child.disconnect();
}
main();
