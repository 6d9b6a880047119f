/**
 * The fast lane (`npm run test:unit`): the unit tests of the engine-free layers (catalog, model,
 * plan, checks) and the architecture rules, for running often while developing. `npm test` runs
 * every test (this lane included); CI runs `npm test`.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  displayName: 'unit',
  testMatch: ['<rootDir>/test/{catalog,model,plan,checks}/**/*.test.ts', '<rootDir>/test/architecture.test.ts'],
  // In those folders but not unit tests: synthesizes fifty Front End pools on both clouds (~40 s).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/plan/flat-quotas\\.test\\.ts$'],
};
