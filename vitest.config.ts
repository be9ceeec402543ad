import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    // Fixture builds and end-to-end sweeps spawn real processes (osslsigncode,
    // wine); the default 5 s is too short for those on a 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 600_000,
    pool: "forks",
  },
});
