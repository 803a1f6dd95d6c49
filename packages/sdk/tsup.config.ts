import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  // Browsers and Node 18+: no node: built-ins, no dependencies.
  platform: "neutral",
  target: "es2022",
  treeshake: true,
});
