import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config/env.js";
import { DEFAULT_DATASET_LIMITS } from "../src/modules/datasets/dataset-limits.js";

describe("PARLEY_CORS_ORIGINS", () => {
  it("is off by default, * for any origin, or a trimmed list of exact origins", () => {
    expect(loadConfig({}).PARLEY_CORS_ORIGINS).toBeUndefined();
    expect(loadConfig({ PARLEY_CORS_ORIGINS: "*" }).PARLEY_CORS_ORIGINS).toBe("*");
    expect(loadConfig({ PARLEY_CORS_ORIGINS: " https://app.example.com ,http://localhost:5173," }).PARLEY_CORS_ORIGINS).toEqual([
      "https://app.example.com",
      "http://localhost:5173",
    ]);
  });

  it.each(["app.example.com", "https://app.example.com/", "https://app.example.com/path", "ftp://files.example.com", "*,https://app.example.com", ","])(
    "refuses %j, naming the variable",
    (value) => {
      expect(() => loadConfig({ PARLEY_CORS_ORIGINS: value })).toThrow(ConfigError);
      expect(() => loadConfig({ PARLEY_CORS_ORIGINS: value })).toThrow(/^PARLEY_CORS_ORIGINS=.* is invalid: must be \* or comma-separated origins/);
    },
  );
});

describe("dataset limits", () => {
  it("default to the built-in limits and read positive whole numbers", () => {
    expect(loadConfig({})).toMatchObject({
      PARLEY_DATASET_MAX_BYTES: DEFAULT_DATASET_LIMITS.maxBytes,
      PARLEY_DATASET_MAX_PAIRS: DEFAULT_DATASET_LIMITS.maxPairs,
    });
    expect(loadConfig({ PARLEY_DATASET_MAX_BYTES: "1048576", PARLEY_DATASET_MAX_PAIRS: "1000" })).toMatchObject({
      PARLEY_DATASET_MAX_BYTES: 1_048_576,
      PARLEY_DATASET_MAX_PAIRS: 1000,
    });
  });

  it.each([
    ["PARLEY_DATASET_MAX_BYTES", "0"],
    ["PARLEY_DATASET_MAX_BYTES", "32MB"],
    ["PARLEY_DATASET_MAX_PAIRS", "-1"],
    ["PARLEY_DATASET_MAX_PAIRS", "2.5"],
  ])("refuses %s=%j", (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(`^${variable}=".*" is invalid`));
  });
});

describe("engine settings (issue 12, item 11: a bad one used to start workers that could never start)", () => {
  it("accept the engine's backends, 0/1 and a thread count, and default the timeouts", () => {
    expect(loadConfig({ PARLEY_BACKEND: "wasm", PARLEY_NATIVE: "0", PARLEY_BLAS_THREADS: "2" })).toMatchObject({
      PARLEY_BACKEND: "wasm", PARLEY_NATIVE: "0", PARLEY_BLAS_THREADS: 2,
      PARLEY_ENGINE_READY_TIMEOUT_MS: 120_000, PARLEY_ENGINE_BATCH_TIMEOUT_MS: 120_000,
    });
  });

  it.each([
    ["PARLEY_BACKEND", "bogus"], ["PARLEY_NATIVE", "yes"], ["PARLEY_BLAS_THREADS", "0"],
    ["PARLEY_ENGINE_READY_TIMEOUT_MS", "-1"], ["PARLEY_ENGINE_BATCH_TIMEOUT_MS", "soon"],
  ])("refuse %s=%j in one line naming it", (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(`^${variable}="${value}" is invalid: `));
  });
});
