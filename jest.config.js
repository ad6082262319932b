/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.test.json" }] },
  moduleNameMapper: {
    "^pulumi-hwc-tasks$": "<rootDir>/provider/index.ts",
    "^pulumi-hwc-tasks/emulator$": "<rootDir>/emulator/index.ts",
  },
  testTimeout: 30000,
  maxWorkers: 2,
};
