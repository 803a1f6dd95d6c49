// Worker threads do not inherit tsx's loader under every runner (vitest, plain
// node): register it here, then load the TypeScript worker.
import { register } from "tsx/esm/api";

register();
await import("./validation-worker.ts");
