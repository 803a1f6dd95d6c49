// @parley/models: the trained model versions that ship with Parley, listed in catalog.json.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { catalogSchema, type CatalogEntry } from "./catalog-schema.js";

export { catalogEntrySchema, catalogSchema, type Catalog, type CatalogEntry } from "./catalog-schema.js";

/** This package's `catalog.json`. */
export const CATALOG_FILE = fileURLToPath(new URL("../catalog.json", import.meta.url));

/** A shipped model version: its catalog entry plus the absolute directory of its artifact. */
export interface ShippedModel extends CatalogEntry {
  /** Absolute path of the version's artifact directory (the catalog's `path`, resolved). */
  dir: string;
}

/** A catalog that cannot be read or does not match the schema; the message names the file and the field. */
export class CatalogError extends Error {
  override readonly name = "CatalogError";
}

/**
 * The models listed in a catalog (this package's `catalog.json` by default), in catalog order, each with
 * the absolute directory of its artifact (resolved against the catalog's folder). Throws CatalogError
 * when the file is missing, is not JSON, or does not match `catalogSchema`. Artifacts are not read here:
 * the server verifies their checksums when it registers them.
 */
export function shippedModels(catalogFile: string = CATALOG_FILE): ShippedModel[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(catalogFile, "utf8"));
  } catch (error) {
    throw new CatalogError(`cannot read the model catalog ${catalogFile}: ${(error as Error).message}`);
  }
  const parsed = catalogSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CatalogError(`model catalog ${catalogFile}: ${issue.path.join(".")}: ${issue.message}`);
  }
  const root = path.dirname(path.resolve(catalogFile));
  return parsed.data.models.map((entry) => ({ ...entry, dir: path.resolve(root, entry.path) }));
}
