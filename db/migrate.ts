// `npm run db:migrate`: applies committed migrations (run it on deploy) over DATABASE_URL_UNPOOLED
// when it is set (a direct connection, as Neon and Supabase advise for schema changes), else over
// DATABASE_URL. Both work, a transaction-mode pooler included: the migrations run in one
// transaction and need no session state.
import { closeDatabase, migrateDatabase } from './client';
import { env } from '@/lib/env';

const target = env.migrationDatabaseUrl.replace(/\/\/[^@/]*@/, '//***@');
await migrateDatabase();
await closeDatabase();
console.log(`[entitle] migrations applied to ${target}`);
