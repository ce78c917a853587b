// Nothing here imports lib/env.ts statically: loading it is what checks the variables.

/**
 * The server's start-up: checks every variable and stops the process, naming each bad one.
 * A register() that throws does not stop `next start` (Next.js 16 logs it and answers every
 * request with 500), so a bad deploy exits here instead, and the platform sees it fail.
 */
export async function startServer(): Promise<void> {
  let env: typeof import('@/lib/env').env;
  try {
    ({ env } = await import('@/lib/env'));
  } catch (error) {
    if (!(error instanceof Error && error.name === 'EnvError')) throw error;
    console.error(`[entitle] ${error.message}`);
    process.exit(1);
  }
  if (env.production && env.siteUrl) {
    // Auth.js builds its URLs (sign-in redirects, OAuth callbacks, action URLs) from
    // X-Forwarded-Host unless AUTH_URL names the site, and any client can send that header.
    // Pinning it to the configured origin keeps every Auth.js redirect on our own host.
    process.env.AUTH_URL ??= `${env.siteUrl}/api/auth`;
  }
  const { databaseReady } = await import('@/db/client');
  // The embedded database migrates itself before the first request is served.
  await databaseReady();
}
