import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password';
import { passwordWeakness } from './password-strength';

const email = z.string().trim().pipe(z.email('emailInvalid').max(320, 'emailTooLong'));

/** The length rule alone (lib/auth/password-feedback.ts adds the strength rule with its feedback). */
export const passwordLength = z
  .string()
  .min(PASSWORD_MIN_LENGTH, 'passwordTooShort')
  .max(PASSWORD_MAX_LENGTH, 'passwordTooLong');

/**
 * The rule for every password a user chooses: 8 to 128 characters (the cap bounds Argon2's work)
 * and not among the guesses an attacker tries first. Its error is the bare validation key; forms
 * show zxcvbn's feedback too through `newPasswordErrors` (lib/auth/password-feedback.ts).
 * Length alone lets `aaaaaaaa` and `password1` in, and composition rules ("a digit and a
 * symbol") let `Password1!` in; an estimate of how many guesses a password takes catches both.
 */
export const newPasswordSchema = passwordLength.superRefine((password, ctx) => {
  if (passwordWeakness(password)) ctx.addIssue({ code: 'custom', message: 'passwordTooEasyToGuess' });
});

/**
 * As `newPasswordSchema`, also refusing passwords built from what an attacker knows about this
 * user: pass their email and name (for a signed-in user, from the session).
 */
export function newPasswordSchemaFor(related: readonly (string | null | undefined)[]) {
  return passwordLength.superRefine((password, ctx) => {
    if (passwordWeakness(password, related)) ctx.addIssue({ code: 'custom', message: 'passwordTooEasyToGuess' });
  });
}

/**
 * Lengths only: the strength rule runs in the action (`newPasswordErrors`), which can put
 * zxcvbn's feedback into the request's language, and sees the email and name there.
 */
export const signUpSchema = z.object({
  name: z.string().trim().max(100, 'nameTooLong').optional(),
  email,
  password: passwordLength,
  callbackUrl: z.string().optional(),
});

export const signInSchema = z.object({
  email,
  password: z.string().min(1, 'passwordRequired').max(PASSWORD_MAX_LENGTH, 'passwordTooLong'),
  callbackUrl: z.string().optional(),
});
