import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from './password';

/** A link token carried by a form (never echoed back: the field name matches the secret filter). */
export const linkTokenSchema = z.object({ token: z.string().min(1, 'linkIncomplete').max(200, 'linkNotValid') });

export const changeNameSchema = z.object({
  name: z.string().trim().min(1, 'nameRequired').max(100, 'nameTooLong'),
});

export const requestEmailChangeSchema = z.object({
  email: z.string().trim().pipe(z.email('emailInvalid').max(320, 'emailTooLong')),
  emailChangePassword: z.string().max(PASSWORD_MAX_LENGTH).optional(),
});

/** Deleting needs the password when the account has one; the typed word guards against a slip either way. */
export const deleteAccountSchema = z.object({
  deletePassword: z.string().max(PASSWORD_MAX_LENGTH).optional(),
  confirm: z
    .string()
    .trim()
    .refine((value) => value.toLowerCase() === 'delete', 'typeDeleteToConfirm'),
});

/** The mailed confirmation of a password-less account's deletion: its token and the typed word. */
export const confirmDeletionSchema = linkTokenSchema.extend({ confirm: deleteAccountSchema.shape.confirm });
