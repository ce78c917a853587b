#!/usr/bin/env node
// The `stripe-emulator` command. An installed package runs its compiled dist/cli.js; a checkout
// of the repository (src/ present, never published) runs the TypeScript sources through tsx, so
// the workspace needs no build step and never runs a stale build.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli.ts', import.meta.url);
const built = new URL('../dist/cli.js', import.meta.url);

/** tsx's loader, or null where it is not installed (a checkout installed without dev dependencies). */
async function tsxRegister() {
  try {
    return (await import('tsx/esm/api')).register;
  } catch {
    return null;
  }
}

const register = existsSync(source) ? await tsxRegister() : null;
if (register) {
  register();
  await import(source.href);
} else if (existsSync(built)) {
  await import(built.href);
} else {
  console.error('stripe-emulator: running its sources needs tsx (npm install tsx), or build it first (npm run build -w stripe-emulator).');
  process.exit(1);
}
