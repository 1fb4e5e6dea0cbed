import { type DynamicModule, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { ServiceKitModule } from '@sleep/service-kit';
import type { AppConfig } from '../src/config';
import { WEBHOOK_PATH } from '../src/ingest-options';
import { registerRawJsonRoute } from '../src/webhook/raw-json.route';

/** The webhook route as production mounts it, with a handler that only parses the body. */
@Injectable()
class ParseOnlyRoute implements OnModuleInit {
  constructor(private readonly host: HttpAdapterHost) {}

  onModuleInit(): void {
    registerRawJsonRoute(this.host.httpAdapter.getInstance<FastifyInstance>(), {
      url: WEBHOOK_PATH,
      bodyLimit: 256 * 1024,
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        JSON.parse((request.body as Buffer).toString('utf8'));
        void reply
          .code(200)
          .header('content-type', 'application/json; charset=utf-8')
          .send('{"status":"accepted"}');
      },
    });
  }
}

/** Benchmark only, never mounted in production: shows what the server stack itself costs. */
@Module({})
export class ParseOnlyModule {
  static register(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: ParseOnlyModule,
      imports: [
        ServiceKitModule.forRoot({
          service: 'webhook-ingest',
          config,
          logger,
          requestLog: false,
        }),
      ],
      providers: [ParseOnlyRoute],
    };
  }
}
