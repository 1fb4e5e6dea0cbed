import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Registry } from 'prom-client';
import { AsleepClient } from '../asleep-client';
import { AsleepClientModule } from '../asleep-client.module';

const ASLEEP_CONFIG = 'ASLEEP_CONFIG';

@Module({
  providers: [{ provide: ASLEEP_CONFIG, useValue: { apiKey: 'module-key' } }],
  exports: [ASLEEP_CONFIG],
})
class ConfigModule {}

@Injectable()
class UsesClient {
  constructor(readonly client: AsleepClient) {}
}

describe('AsleepClientModule', () => {
  it('provides the client under its class token and closes it on shutdown', async () => {
    const registry = new Registry();
    const moduleRef = await Test.createTestingModule({
      imports: [
        AsleepClientModule.forRootAsync({
          imports: [ConfigModule],
          inject: [ASLEEP_CONFIG],
          useFactory: (config: { apiKey: string }) => ({
            baseUrl: 'http://127.0.0.1:9',
            apiKey: config.apiKey,
            registry,
          }),
        }),
      ],
      providers: [UsesClient],
    }).compile();
    moduleRef.enableShutdownHooks();
    const client = moduleRef.get(UsesClient).client;
    expect(client).toBeInstanceOf(AsleepClient);
    expect(client.registry).toBe(registry);
    expect(client.isAvailable()).toBe(true);
    const close = jest.spyOn(client, 'close');
    await moduleRef.close();
    expect(close).toHaveBeenCalledTimes(1);
  });
});
