// Benchmarks call the app's server modules directly from Node.js, where the real `server-only`
// throws; bench/tsconfig.json maps the import here (as vitest.config.ts does for the tests).
export {};
