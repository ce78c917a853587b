// `npm run db:migrate`: applies committed migrations to DATABASE_URL (run it on deploy).
import { closeDatabase, migrateDatabase } from './client';
import { env } from '@/lib/env';

const target = env.databaseUrl.replace(/\/\/[^@/]*@/, '//***@');
await migrateDatabase();
await closeDatabase();
console.log(`[entitle] migrations applied to ${target}`);
