// `npm run docs:providers`: writes docs/providers.md from the registered adapters.
import { writeFileSync } from 'node:fs';
import { adapters } from '../src/providers/registry.js';
import { renderProvidersDoc } from './providers-doc/render-providers-doc.js';

writeFileSync(new URL('../docs/providers.md', import.meta.url), renderProvidersDoc([...adapters.values()]));
