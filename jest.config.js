// Four projects, so a failure says at once which layer broke: pure/unit code with mocked SDK clients,
// integration tests against the real local stack, CDK assertion tests, and the web app in a browser.
const tsJest = ['ts-jest', { useESM: true }];
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': tsJest },
  testEnvironment: 'node',
};

export default {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/unit/support/quiet-logs.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      // The local stack gets SILENT too, but a test module that loads the logger before the stack
      // starts (the import tool in process) would fix its level first.
      setupFiles: ['<rootDir>/test/unit/support/quiet-logs.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/integration/support/setup.ts'],
    },
    { ...common, displayName: 'infra', testMatch: ['<rootDir>/test/infra/**/*.test.ts'] },
    // The web app in a real browser against the local stack (one file: one build, one browser).
    {
      ...common,
      displayName: 'web',
      testMatch: ['<rootDir>/test/web/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/unit/support/quiet-logs.ts'],
    },
  ],
};
