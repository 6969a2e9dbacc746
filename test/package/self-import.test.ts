import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const packageName = 'switchyard';

describe('the published package', () => {
  it('resolves `import ... from "switchyard"` to the built library with its type declarations', async () => {
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
      exports: { '.': { types: string; import: string } };
      bin: Record<string, string>;
    };
    expect(existsSync(new URL(pkg.exports['.'].types, root))).toBe(true);
    expect(existsSync(new URL(pkg.bin.switchyard, root))).toBe(true);

    const library = (await import(packageName)) as typeof import('../../src/index.js');
    const gateway = library.createGateway({ config: { providers: { mock: { keys: [] } } } });
    const response = await gateway.chat({ model: 'mock/echo', messages: [{ role: 'user', content: 'from the package' }] });
    expect(response.choices[0].message.content).toBe('from the package');
    await gateway.close();
  });
});
