/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.test.json" }] },
  moduleNameMapper: {
    "^pulumi-hwc-tasks$": "<rootDir>/provider/index.ts",
    "^pulumi-hwc-tasks/emulator$": "<rootDir>/emulator/index.ts",
    "^pulumi-hwc-tasks/host$": "<rootDir>/provider/resources/host.ts",
  },
  testTimeout: 30000,
  // The dynamic-provider host resolves `pulumi-hwc-tasks` from its working directory: link the package there.
  // HOME is an empty throw-away directory during the run, and the teardown fails the run if anything wrote into it.
  globalSetup: "<rootDir>/test/global-setup.js",
  globalTeardown: "<rootDir>/test/global-teardown.js",
  maxWorkers: 2,
};
