import type { Metadata } from 'next';
import { requireUser } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage() {
  const user = await requireUser();
  return (
    <div className="space-y-2">
      <h1 className="text-2xl font-semibold tracking-tight">Welcome{user.name ? `, ${user.name}` : ''}</h1>
      <p className="text-zinc-600">You are signed in as {user.email}.</p>
    </div>
  );
}
