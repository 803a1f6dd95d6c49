// A training process: fork()ed by the runner without tsx's loader in its
// arguments (under vitest or plain node alike), so register it here.
import { register } from "tsx/esm/api";

register();
await import("./training-child.ts");
