import { authedProcedure } from '../../trpc';
import { meHandler } from './me.handler';
import { MeInputSchema, MeOutputSchema } from './me.schema';

export const meProcedure = authedProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: '/me',
      tags: ['me'],
      summary: 'Who the token says the caller is',
    },
  })
  .input(MeInputSchema)
  .output(MeOutputSchema)
  .query(meHandler);
