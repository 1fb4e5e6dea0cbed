import {
  Inject,
  Module,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type OnApplicationShutdown,
  type OptionalFactoryDependency,
} from '@nestjs/common';
import { AsleepClient } from './asleep-client';
import type { AsleepClientOptions } from './options';

export interface AsleepClientModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: (InjectionToken | OptionalFactoryDependency)[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  useFactory: (...args: any[]) => AsleepClientOptions | Promise<AsleepClientOptions>;
  /** Visible to every module of the app (default true: one pool and one breaker per process). */
  global?: boolean;
}

/** Provides `AsleepClient` under its class token and closes its pool on shutdown. */
@Module({})
export class AsleepClientModule implements OnApplicationShutdown {
  constructor(@Inject(AsleepClient) private readonly client: AsleepClient) {}

  static forRootAsync(options: AsleepClientModuleAsyncOptions): DynamicModule {
    return {
      module: AsleepClientModule,
      global: options.global ?? true,
      imports: options.imports ?? [],
      providers: [
        {
          provide: AsleepClient,
          // eslint-disable-next-line @typescript-eslint/no-explicit-any
          useFactory: async (...args: any[]) => new AsleepClient(await options.useFactory(...args)),
          inject: options.inject ?? [],
        },
      ],
      exports: [AsleepClient],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
