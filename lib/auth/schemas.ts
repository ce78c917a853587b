import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password';

const email = z.string().trim().pipe(z.email('Enter a valid email address.').max(320));

export const signUpSchema = z.object({
  name: z.string().trim().max(100).optional(),
  email,
  password: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
    .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`),
  callbackUrl: z.string().optional(),
});

export const signInSchema = z.object({
  email,
  password: z.string().min(1, 'Enter your password.').max(PASSWORD_MAX_LENGTH),
  callbackUrl: z.string().optional(),
});
