import { Readable } from 'node:stream';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  createCallerFactory,
  type ExportDownload,
  exportsRouter,
  formatGatewayError,
  retryAfterHeader,
} from '@sleep/gateway-api';
import { ROOT_LOGGER } from '@sleep/service-kit';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { RequestContexts } from '../trpc/request-contexts';

export const EXPORTS_PATH = '/api/exports';

const createExportsCaller = createCallerFactory(exportsRouter);
type ExportsCaller = ReturnType<typeof createExportsCaller>;

/**
 * Streamed downloads over plain HTTP (tRPC answers JSON): a user's export and a research
 * export's CSV (created with `exports.research.create`). Each runs the `exportsRouter` procedure in process, so the bearer token, tenant status,
 * rate limits and roles are checked exactly as for every procedure; refusals and bad input are
 * answered as JSON `{ message, code, issues? }` before any byte of the file.
 */
@Injectable()
export class ExportDownloadsRoute implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    private readonly contexts: RequestContexts,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const createContext = this.contexts.create;
    const download =
      (open: (caller: ExportsCaller, request: FastifyRequest) => Promise<ExportDownload>) =>
      (request: FastifyRequest, reply: FastifyReply) =>
        this.send(reply, () =>
          open(createExportsCaller(createContext({ req: request.raw })), request),
        );

    fastify.get<{ Params: { appUserId: string }; Querystring: { format?: string } }>(
      `${EXPORTS_PATH}/users/:appUserId`,
      download((caller, request) => {
        const { params, query } = request as FastifyRequest<{
          Params: { appUserId: string };
          Querystring: { format?: string };
        }>;
        return caller.user({
          appUserId: params.appUserId,
          format: query.format as 'json' | undefined,
        });
      }),
    );
    fastify.get(
      `${EXPORTS_PATH}/research/:exportId/csv`,
      download((caller, request) =>
        caller.research({ exportId: (request.params as { exportId: string }).exportId }),
      ),
    );
  }

  private async send(reply: FastifyReply, open: () => Promise<ExportDownload>) {
    let iterator: AsyncIterator<string>;
    let first: IteratorResult<string>;
    try {
      const file = await open();
      iterator = file.chunks[Symbol.asyncIterator]();
      // The first chunk is read before the headers go out, so a failure to start is a JSON error.
      first = await iterator.next();
      reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('cache-control', 'no-store');
    } catch (error) {
      return this.sendError(reply, error);
    }
    const rest = async function* () {
      if (first.done) return;
      yield first.value;
      for (let next = await iterator.next(); !next.done; next = await iterator.next())
        yield next.value;
    };
    const body = Readable.from(rest());
    body.on('error', (err) => this.logger.error({ err }, 'export stream failed'));
    return reply.send(body);
  }

  private sendError(reply: FastifyReply, error: unknown) {
    const trpcError =
      error instanceof TRPCError
        ? error
        : new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: error });
    if (trpcError.code === 'INTERNAL_SERVER_ERROR')
      this.logger.error({ err: trpcError.cause ?? trpcError }, 'export failed');
    const httpStatus = getHTTPStatusCodeFromError(trpcError);
    const { message, data } = formatGatewayError({
      shape: { message: trpcError.message, code: 0, data: { code: trpcError.code, httpStatus } },
      error: trpcError,
    });
    const retryAfter = retryAfterHeader([trpcError]);
    if (retryAfter) reply.header('retry-after', retryAfter);
    return reply
      .code(httpStatus)
      .type('application/json')
      .send({ message, code: data.code, ...(data.issues ? { issues: data.issues } : {}) });
  }
}
