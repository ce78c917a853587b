import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password';
import { weakPasswordReason } from './password-strength';

const email = z.string().trim().pipe(z.email('Enter a valid email address.').max(320));

const passwordLength = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`);

/**
 * The rule for every password a user chooses: 8 to 128 characters (the cap bounds Argon2's work)
 * and not among the guesses an attacker tries first (zxcvbn's feedback is the field error).
 * Length alone lets `aaaaaaaa` and `password1` in, and composition rules ("a digit and a
 * symbol") let `Password1!` in; an estimate of how many guesses a password takes catches both.
 */
export const newPasswordSchema = passwordLength.superRefine((password, ctx) => {
  const reason = weakPasswordReason(password);
  if (reason) ctx.addIssue({ code: 'custom', message: reason });
});

/**
 * As `newPasswordSchema`, also refusing passwords built from what an attacker knows about this
 * user: pass their email and name (for a signed-in user, from the session).
 */
export function newPasswordSchemaFor(related: readonly (string | null | undefined)[]) {
  return passwordLength.superRefine((password, ctx) => {
    const reason = weakPasswordReason(password, related);
    if (reason) ctx.addIssue({ code: 'custom', message: reason });
  });
}

export const signUpSchema = z
  .object({
    name: z.string().trim().max(100).optional(),
    email,
    password: passwordLength,
    callbackUrl: z.string().optional(),
  })
  // Object-level, so the strength check sees the email and name, and runs only once the fields
  // are valid (a short password is not estimated at all).
  .superRefine(({ password, email, name }, ctx) => {
    const reason = weakPasswordReason(password, [email, name]);
    if (reason) ctx.addIssue({ code: 'custom', path: ['password'], message: reason });
  });

export const signInSchema = z.object({
  email,
  password: z.string().min(1, 'Enter your password.').max(PASSWORD_MAX_LENGTH),
  callbackUrl: z.string().optional(),
});
