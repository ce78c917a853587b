// No Next.js import here: this must run before the first one.

/**
 * What Next.js's server does before loading anything (next/dist/server/node-environment-baseline):
 * its request stores are built on a global AsyncLocalStorage, and a Next.js module loaded without
 * one falls back to a stub for the life of the process. Call it from `vi.hoisted`.
 */
export async function provideAsyncLocalStorage(): Promise<void> {
  const { AsyncLocalStorage } = await import('node:async_hooks');
  if (!('AsyncLocalStorage' in globalThis)) Object.assign(globalThis, { AsyncLocalStorage });
}
