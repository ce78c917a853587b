// Runs once when the Next.js server starts (not during `next build`).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Importing the env module validates every variable, so a bad deploy fails at start, by name.
  await import('@/lib/env');
  const { databaseReady } = await import('@/db/client');
  // The embedded database migrates itself before the first request is served.
  await databaseReady();
}
