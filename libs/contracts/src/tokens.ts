import { z } from 'zod';

export const CreateApiTokenRequest = z.object({
  name: z.string().trim().min(1, { error: 'A token needs a name.' }).max(100),
});
export type CreateApiTokenRequest = z.infer<typeof CreateApiTokenRequest>;

export const ApiTokenView = z.object({
  id: z.number().int(),
  name: z.string(),
  /** The first characters of the token, enough to recognise it; the rest is never stored. */
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type ApiTokenView = z.infer<typeof ApiTokenView>;

/** Returned once, when the token is created: the only time the whole token is shown. */
export const CreatedApiTokenView = ApiTokenView.extend({ token: z.string() });
export type CreatedApiTokenView = z.infer<typeof CreatedApiTokenView>;
