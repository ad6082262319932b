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
  globalSetup: "<rootDir>/test/global-setup.js",
  globalTeardown: "<rootDir>/test/global-teardown.js",
  maxWorkers: 2,
};
