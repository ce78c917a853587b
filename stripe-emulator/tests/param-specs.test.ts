import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PARAM_SPECS_FILE, renderParamSpecs } from '../scripts/generate-param-specs.js';

describe('parameter specs', () => {
  // Reads the installed SDK's .d.ts with the TypeScript compiler (a few seconds).
  it('are what the installed stripe SDK’s parameter types make them (regenerate after an SDK upgrade)', () => {
    expect(renderParamSpecs() === readFileSync(PARAM_SPECS_FILE, 'utf8')).toBe(true);
  }, 60_000);
});
