import { z } from 'zod';
import { AppUserViewSchema } from '../../schemas/views.schema';

export const ListUsersInputSchema = z
  .object({
    limit: z.int().min(1).max(100).default(50),
    /** `nextCursor` of the previous page. */
    cursor: z.string().min(1).max(200).optional(),
  })
  .default({ limit: 50 });
export type ListUsersInput = z.infer<typeof ListUsersInputSchema>;

export const ListUsersOutputSchema = z.object({
  users: z.array(AppUserViewSchema),
  nextCursor: z.string().nullable(),
});
export type ListUsersOutput = z.infer<typeof ListUsersOutputSchema>;
