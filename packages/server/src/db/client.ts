import { createAdapter } from "./adapter.js";
import { PrismaClient } from "./generated/client.js";

export type Database = PrismaClient;

export function createPrismaClient(databaseUrl: string, poolSize = 10): Database {
  return new PrismaClient({ adapter: createAdapter(databaseUrl, { max: poolSize }) });
}
