// The same night from a bare Fastify route: the ceiling the gateway is compared with.
import Fastify from 'fastify';
import { benchNight } from './bench-night';

async function main() {
  const night = benchNight();
  const app = Fastify();
  app.get('/night', async () => night);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  process.send?.({ url: `${url}/night` });
  process.on('message', (message) => {
    if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
  });
  process.once('disconnect', () => void app.close().then(() => process.exit(0)));
}

void main();
