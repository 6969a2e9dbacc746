import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adapters } from '../../src/providers/registry.js';
import { renderProvidersDoc } from '../../scripts/providers-doc/render-providers-doc.js';

describe('docs/providers.md', () => {
  it('is what the adapters declare (run `npm run docs:providers` after changing one)', () => {
    const written = readFileSync(new URL('../../docs/providers.md', import.meta.url), 'utf8');
    expect(written).toBe(renderProvidersDoc([...adapters.values()]));
  });

  it('has notes for every shipped provider', () => {
    for (const adapter of adapters.values()) {
      expect(renderProvidersDoc([adapter]), `src/providers/${adapter.id}/notes.md is missing`).toContain('### ');
    }
  });
});
