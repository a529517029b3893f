import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The web app's unit tests (pure helpers: identifiers, roles, navigation, dictionaries).
// Run alone with `npx vitest run --config packages/web/vitest.config.ts`; the root config can list
// `{ test: { name: 'web', include: ['packages/web/test/**/*.test.ts'] } }` among its projects.
export default defineConfig({
  test: { name: 'web', root: fileURLToPath(new URL('.', import.meta.url)), include: ['test/**/*.test.ts'] },
});
