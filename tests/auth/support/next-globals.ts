// No Next.js import here: this must run before the first one.

/**
 * Next.js's server puts AsyncLocalStorage on globalThis before it loads anything; a Next.js module
 * loaded without it falls back to a stub whose request scopes throw. Await it from `vi.hoisted`
 * in test files that run Server Actions.
 */
export async function provideNextGlobals(): Promise<void> {
  const { AsyncLocalStorage } = await import('node:async_hooks');
  if (!('AsyncLocalStorage' in globalThis)) Object.assign(globalThis, { AsyncLocalStorage });
}
