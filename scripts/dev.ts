// `npm run dev`: the Next.js dev server on :3000, with zero accounts needed.
import { spawn } from 'node:child_process';

const child = spawn('npx', ['next', 'dev', '--port', process.env.PORT ?? '3000'], { stdio: 'inherit', env: process.env });
child.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
