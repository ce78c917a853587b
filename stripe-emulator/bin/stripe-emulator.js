#!/usr/bin/env node
// The `stripe-emulator` command. An installed package runs its compiled dist/cli.js; a checkout
// of the repository (src/ present, never published) runs the TypeScript sources through tsx, so
// the workspace needs no build step and never runs a stale build.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli.ts', import.meta.url);
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import(new URL('../dist/cli.js', import.meta.url).href);
}
