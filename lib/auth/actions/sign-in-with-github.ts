'use server';

import { signIn } from '@/lib/auth';
import { safeCallbackUrl } from '../callback-url';

export async function signInWithGitHub(formData: FormData): Promise<void> {
  await signIn('github', { redirectTo: safeCallbackUrl(formData.get('callbackUrl')) });
}
