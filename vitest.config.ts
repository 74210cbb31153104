import { defineConfig } from 'vitest/config';

// Two projects: `unit` needs no server, no browser and not the whole corpus, and runs in seconds
// (`npm run test:unit`); `integration` starts a throwaway Virtuoso (test/setup/virtuoso.ts), drives
// Chromium, converts the whole shared corpus, or races and signals many processes. `npm test` runs both.
const INTEGRATION = [
  'test/virtuoso/**/*.test.ts',
  'test/load/virtuoso-*.test.ts',
  'test/incremental/{virtuoso,serverKill,storeRepair,lateRequests,signals,signalsEndpoint}.test.ts',
  'test/load/lockRace.test.ts',
  'test/serve/page.test.ts',
  'test/corpus/**/*.test.ts',
  'test/**/*corpus*.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: INTEGRATION, globalSetup: ['test/setup/tools.ts'] },
      },
      {
        extends: true,
        test: { name: 'integration', include: INTEGRATION, globalSetup: ['test/setup/tools.ts', 'test/setup/virtuoso.ts'] },
      },
    ],
  },
});
