import 'server-only';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { auth } from '@/lib/auth';

// One decryption of the session cookie per request, however many layouts and pages ask for it.
const currentSession = cache(() => auth());

/**
 * The signed-in user, for server components and actions. The proxy already turns signed-out
 * visitors away; this checks again where the data is read, which is where it counts.
 */
export async function requireUser(callbackPath = '/dashboard'): Promise<{ id: string; email: string | null; name: string | null }> {
  const session = await currentSession();
  if (!session?.user?.id) redirect(`/sign-in?callbackUrl=${encodeURIComponent(callbackPath)}`);
  return { id: session.user.id, email: session.user.email ?? null, name: session.user.name ?? null };
}
