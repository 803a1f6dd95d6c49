import path from "node:path";
import { CatalogError, shippedModels, type ShippedModel } from "@parley/models";
import { StartupError } from "../startup-error.js";

/**
 * The shipped models to register at start: `@parley/models`' catalog by default, the catalog file
 * PARLEY_MODELS_CATALOG names, or none for `none`. A bad catalog stops the start with one line.
 */
export function shippedModelsFor(setting: string | undefined, cwd = process.cwd()): ShippedModel[] {
  if (setting === "none") return [];
  try {
    return setting === undefined ? shippedModels() : shippedModels(path.resolve(cwd, setting));
  } catch (error) {
    if (error instanceof CatalogError) throw new StartupError(setting ? `PARLEY_MODELS_CATALOG=${setting}: ${error.message}` : error.message);
    throw error;
  }
}
