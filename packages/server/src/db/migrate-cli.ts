import { loadConfig } from "../config/env.js";
import { createLogger } from "../logging/logger.js";
import { openDatabase } from "./open-database.js";

// `pnpm db:migrate`: applies migrations to DATABASE_URL, or to the embedded server.
const config = loadConfig();
const database = await openDatabase(config, createLogger(config.LOG_LEVEL));
await database.close();
