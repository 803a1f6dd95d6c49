import { fileURLToPath } from "node:url";

/** The repository root, where `prisma/` and the root `node_modules/.bin` live. */
export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
