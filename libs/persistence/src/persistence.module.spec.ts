import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import type { DatabaseHandle } from './database';
import { DatabaseHealthIndicator } from './database.health';
import { PersistenceModule } from './persistence.module';
import { DATABASE } from './persistence.tokens';
import { embeddedTemplate } from './testing';

const SETTINGS = Symbol('SETTINGS');

@Module({ providers: [{ provide: SETTINGS, useValue: { schema: 'demo' } }], exports: [SETTINGS] })
class SettingsModule {}

describe('PersistenceModule', () => {
  let moduleRef: TestingModule;
  let database: DatabaseHandle;

  beforeAll(async () => {
    const embeddedSeed = await embeddedTemplate();
    moduleRef = await Test.createTestingModule({
      imports: [
        PersistenceModule.forRootAsync({
          imports: [SettingsModule],
          inject: [SETTINGS],
          useFactory: (settings: { schema: string }) => ({
            schema: settings.schema,
            embeddedSeed,
            migrationsFolder: join(__dirname, 'testing/fixture-migrations'),
          }),
        }),
      ],
    }).compile();
    moduleRef.useLogger(false);
    await moduleRef.init();
    database = moduleRef.get(DATABASE);
  });

  afterAll(() => moduleRef?.close());

  it('provides the handle with migrations applied at init', async () => {
    expect(database.kind).toBe('embedded');
    expect(await database.query('select hash from demo.__migrations')).toHaveLength(2);
  });

  it('reports health through terminus, and closes the handle on shutdown', async () => {
    const indicator = moduleRef.get(DatabaseHealthIndicator);
    expect(await indicator.isHealthy()).toEqual({
      database: { status: 'up', kind: 'embedded', schema: 'demo' },
    });
    await moduleRef.close();
    expect(await indicator.isHealthy('db', 200)).toEqual({
      db: { status: 'down', kind: 'embedded', schema: 'demo', message: 'no answer within 200 ms' },
    });
  });
});
