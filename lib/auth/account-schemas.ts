import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password';

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, 'currentPasswordRequired').max(PASSWORD_MAX_LENGTH),
    // Length here; the strength rule runs in the action, which knows the user's email and name.
    newPassword: z
      .string()
      .min(PASSWORD_MIN_LENGTH, 'passwordTooShort')
      .max(PASSWORD_MAX_LENGTH, 'passwordTooLong'),
    confirmPassword: z.string().max(PASSWORD_MAX_LENGTH),
  })
  .refine((input) => input.newPassword === input.confirmPassword, {
    path: ['confirmPassword'],
    message: 'newPasswordsDiffer',
  });

/** Forms that carry nothing but the click: the user comes from the session. */
export const emptySchema = z.object({});
