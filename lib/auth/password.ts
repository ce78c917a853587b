import { hash, verify } from '@node-rs/argon2';

// messages/*/validation.json spell both numbers (passwordTooShort, passwordTooLong), as do the
// forms' hints in messages/*/auth.json: change them with these.
export const PASSWORD_MIN_LENGTH = 8;
// Argon2 cost grows with input; a cap stops a megabyte "password" from pinning a CPU.
export const PASSWORD_MAX_LENGTH = 128;

// Argon2id with the library's defaults (19 MiB, 2 passes, 1 lane): OWASP's recommended minimum.
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** Spends the same time as a real check, so a response time does not tell whether an email exists. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hash('entitle-dummy-password-for-timing');
  await verifyPassword(await dummyHash, password);
  return false;
}
