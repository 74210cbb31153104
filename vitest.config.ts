import { defineConfig } from 'vitest/config';

// Two projects, one folder each, both mirroring src/ (and bench/): `test/unit` needs no server, no
// browser and not the whole corpus, and runs in seconds (`npm run test:unit`); `test/integration`
// starts a throwaway Virtuoso (test/setup/virtuoso.ts), drives Chromium, converts the whole shared
// corpus, or races and signals many processes. `npm test` runs both.
export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          globalSetup: ['test/setup/tmpdir.ts', 'test/setup/tools.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/setup/tmpdir.ts', 'test/setup/tools.ts', 'test/setup/virtuoso.ts'],
        },
      },
    ],
  },
});
