import pg from 'pg';

/**
 * A connection of its own to the PostgreSQL server the tests were given (TEST_POSTGRES_URL: the
 * server or a pooler in front of it), for what the app never does: creating and dropping
 * databases, killing connections.
 */
export async function withAdmin<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = await openAdmin();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

export async function openAdmin(): Promise<pg.Client> {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) throw new Error('TEST_POSTGRES_URL is not set');
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  return admin;
}

/** A database name as an SQL identifier. */
export function quoted(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
