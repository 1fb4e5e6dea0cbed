import { startBroker } from './broker';
(async () => {
  for (const keepData of [false, false, false, true]) {
    const b = await startBroker({ port: 19092, controllerPort: 19093, keepData, log: () => undefined });
    const t = Date.now(); await b.stop();
    console.log(JSON.stringify({ keepData, ...b.timings, stopMs: Date.now() - t }));
  }
})();
