import { authedProcedure, procedureFor, router } from '../../trpc';
import { createUserHandler } from './create.handler';
import { CreateUserInputSchema, CreateUserOutputSchema } from './create.schema';
import { deleteUserHandler } from './delete.handler';
import { DeleteUserInputSchema, DeleteUserOutputSchema } from './delete.schema';
import { getUserHandler } from './get.handler';
import { GetUserInputSchema, GetUserOutputSchema } from './get.schema';
import { listUsersHandler } from './list.handler';
import { setUserTagsHandler } from './set-tags.handler';
import { SetUserTagsInputSchema, SetUserTagsOutputSchema } from './set-tags.schema';
import { ListUsersInputSchema, ListUsersOutputSchema } from './list.schema';
import { updateUserHandler } from './update.handler';
import { UpdateUserInputSchema, UpdateUserOutputSchema } from './update.schema';

const tags = ['users'];

export const usersRouter = router({
  create: authedProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/users',
        tags,
        summary: 'Create the Asleep user of an app user',
      },
    })
    .input(CreateUserInputSchema)
    .output(CreateUserOutputSchema)
    .mutation(createUserHandler),
  get: authedProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/user',
        tags,
        summary: 'An app user with their Asleep profile',
      },
    })
    .input(GetUserInputSchema)
    .output(GetUserOutputSchema)
    .query(getUserHandler),
  update: authedProcedure
    .meta({
      openapi: { method: 'PUT', path: '/user', tags, summary: "Replace an app user's metadata" },
    })
    .input(UpdateUserInputSchema)
    .output(UpdateUserOutputSchema)
    .mutation(updateUserHandler),
  delete: authedProcedure
    .meta({
      openapi: { method: 'DELETE', path: '/user', tags, summary: 'Delete an app user everywhere' },
    })
    .input(DeleteUserInputSchema)
    .output(DeleteUserOutputSchema)
    .mutation(deleteUserHandler),
  list: procedureFor('analyst', 'admin')
    .meta({ openapi: { method: 'GET', path: '/users', tags, summary: "The tenant's app users" } })
    .input(ListUsersInputSchema)
    .output(ListUsersOutputSchema)
    .query(listUsersHandler),
  tags: router({
    set: procedureFor('admin')
      .meta({
        openapi: {
          method: 'PUT',
          path: '/user/tags',
          tags,
          summary: "Replace an app user's tags (tenant breakdowns)",
        },
      })
      .input(SetUserTagsInputSchema)
      .output(SetUserTagsOutputSchema)
      .mutation(setUserTagsHandler),
  }),
});
