// Runs once when the Next.js server starts (not during `next build`), before it serves requests.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Node-only start-up (it may end the process), kept out of the Edge compilation of this file.
  const { startServer } = await import('@/lib/server-start');
  await startServer();
}
