// Runs before each app test file's imports (vitest setupFiles), as Next.js's server does before
// loading anything: its request scopes are built on a global AsyncLocalStorage, and a Next.js
// module loaded without one falls back to a stub whose scopes throw.
import 'next/dist/server/node-environment-baseline';
