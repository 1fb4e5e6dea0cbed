import {
  type AsleepUser,
  CreateUserRequestSchema,
  CreateUserResponseSchema,
  type CreateUserResult,
  GetUserResponseSchema,
  UpdateUserRequestSchema,
  UpdateUserResponseSchema,
  type UpdateUserResult,
} from '@sleep/contracts';
import { z } from 'zod';
import type { Caller } from '../caller';
import { type OperationSpec, validateInput } from '../operation';
import { parseBody } from '../responses';
import { checkUserId } from './inputs';

/** U1 body; the whole body may be omitted (Asleep contract U1). */
export type CreateUserInput = z.input<typeof CreateUserRequestSchema>;
/** U3 body: `metadata` is required and replaces the stored one (Asleep contract U3). */
export type UpdateUserInput = z.input<typeof UpdateUserRequestSchema>;

/** What a delete reports: a 404 means it was gone already, which is what was asked (Asleep contract 4.4). */
export interface DeleteResult {
  alreadyDeleted: boolean;
}

/** Asleep contract 4.4: every POST mints a new user, so it is never retried. */
const createUserSpec: OperationSpec = {
  name: 'createUser',
  idempotent: false,
  notFoundIsDone: false,
};
const getUserSpec: OperationSpec = { name: 'getUser', idempotent: true, notFoundIsDone: false };
const updateUserSpec: OperationSpec = {
  name: 'updateUser',
  idempotent: true,
  notFoundIsDone: false,
};
const deleteUserSpec: OperationSpec = {
  name: 'deleteUser',
  idempotent: true,
  notFoundIsDone: true,
};

const CreateUserResponse = z.compile(CreateUserResponseSchema);
const GetUserResponse = z.compile(GetUserResponseSchema);
const UpdateUserResponse = z.compile(UpdateUserResponseSchema);

const userPath = (userId: string) => `/ai/v1/users/${encodeURIComponent(userId)}`;

export async function createUser(
  caller: Caller,
  input: CreateUserInput = {},
): Promise<CreateUserResult> {
  const body = validateInput('createUser', CreateUserRequestSchema, input);
  return caller.call(
    createUserSpec,
    { method: 'POST', path: '/ai/v1/users', body: JSON.stringify(body) },
    (response) => parseBody('createUser', CreateUserResponse, response).result,
  );
}

export async function getUser(caller: Caller, userId: string): Promise<AsleepUser> {
  const path = userPath(checkUserId('getUser', userId));
  return caller.call(
    getUserSpec,
    { method: 'GET', path },
    (response) => parseBody('getUser', GetUserResponse, response).result,
  );
}

export async function updateUser(
  caller: Caller,
  userId: string,
  input: UpdateUserInput,
): Promise<UpdateUserResult> {
  const path = userPath(checkUserId('updateUser', userId));
  const body = validateInput('updateUser', UpdateUserRequestSchema, input);
  return caller.call(
    updateUserSpec,
    { method: 'PUT', path, body: JSON.stringify(body) },
    (response) => parseBody('updateUser', UpdateUserResponse, response).result,
  );
}

export async function deleteUser(caller: Caller, userId: string): Promise<DeleteResult> {
  const path = userPath(checkUserId('deleteUser', userId));
  return caller.call(deleteUserSpec, { method: 'DELETE', path }, (response) => ({
    alreadyDeleted: response.status === 404,
  }));
}
