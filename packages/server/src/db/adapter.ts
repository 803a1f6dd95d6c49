import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

const NAME_OID = 19;
const CHAR_OID = 18;
const TEXT_OID = 25;

/**
 * A pg client that reports PostgreSQL's catalog types `name` and `"char"` as
 * `text`. Prisma's pg adapter cannot deserialize them, and its migration engine
 * reads them from the catalog (prisma/orm#27403); both are plain strings.
 */
class CatalogTextClient extends pg.Client {
  override query(...args: unknown[]): never {
    const last = args.at(-1);
    if (typeof last === "function") {
      args[args.length - 1] = (err: Error | null, res: pg.QueryResult) => last(err, relabelCatalogTypes(res));
    }
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    return (result instanceof Promise ? result.then(relabelCatalogTypes) : result) as never;
  }
}

function relabelCatalogTypes(result: pg.QueryResult | undefined): pg.QueryResult | undefined {
  for (const field of result?.fields ?? []) {
    if (field.dataTypeID === NAME_OID || field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
  }
  return result;
}

export interface AdapterOptions {
  /** Pool size; Prisma's default suits a gateway, migrations need one. */
  max?: number;
  /** How long an idle connection stays open; short for one-shot CLI commands. */
  idleTimeoutMillis?: number;
}

/**
 * A pooled connection that dies while idle (a database restart) makes the pool
 * emit `error`; without a listener that ends the process. The pool drops the
 * connection and the next query opens a new one, so it is only noted here.
 */
export function createPool(connectionString: string, options: AdapterOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    Client: CatalogTextClient,
    max: options.max ?? 10,
    idleTimeoutMillis: options.idleTimeoutMillis ?? 10_000,
    // Without it each migrate command waits ~10 s for idle connections to close.
    allowExitOnIdle: true,
  });
  pool.on("error", (error) => process.emitWarning(`idle database connection lost: ${error.message}`));
  return pool;
}

export function createAdapter(connectionString: string, options: AdapterOptions = {}): PrismaPg {
  return new PrismaPg(createPool(connectionString, options), { disposeExternalPool: true });
}
