import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { INGEST_OPTIONS, type IngestOptions } from '../ingest-options';
import { registerRawJsonRoute } from './raw-json.route';
import { ENVELOPE_ROOM } from './webhook-envelope';
import { WebhookHandler } from './webhook.handler';

/**
 * Mounted on Fastify directly rather than as a Nest controller: the body must stay raw bytes
 * (forwarded unchanged) and the per-request cost of guards, pipes and interceptors is avoided.
 */
@Injectable()
export class WebhookRoute implements OnModuleInit {
  constructor(
    private readonly host: HttpAdapterHost,
    private readonly handler: WebhookHandler,
    @Inject(INGEST_OPTIONS) private readonly options: IngestOptions,
  ) {}

  onModuleInit(): void {
    registerRawJsonRoute(this.host.httpAdapter.getInstance<FastifyInstance>(), {
      url: this.options.path,
      bodyLimit: this.options.bodyLimitBytes,
      room: ENVELOPE_ROOM,
      onRequest: this.handler.authenticate,
      handler: this.handler.handle,
      onRefused: this.handler.refused,
    });
  }
}
