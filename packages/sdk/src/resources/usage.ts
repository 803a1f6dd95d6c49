import type { APIPromise } from "../core/api-promise.js";
import type { RequestOptions } from "../core/options.js";
import { RetrieveUsageDocument } from "../generated/graphql.js";
import type { UsageGroupBy, UsageReport } from "../types.js";
import { APIResource } from "./resource.js";

export interface UsageRetrieveParams {
  /** Inclusive start: a Date or an ISO-8601 string. */
  from: Date | string;
  /** Exclusive end. */
  to: Date | string;
  groupBy: UsageGroupBy;
  /** Admins only: another tenant's usage. */
  tenantId?: string;
}

export class Usage extends APIResource {
  /** Billed usage in [from, to), grouped by day, model or API key. */
  retrieve(params: UsageRetrieveParams, options?: RequestOptions): APIPromise<UsageReport> {
    const variables = { ...params, from: isoString(params.from), to: isoString(params.to) };
    return this.client.graphql(RetrieveUsageDocument, variables, options)._thenUnwrap((data) => data.usage);
  }
}

function isoString(value: Date | string): string {
  return value instanceof Date ? value.toISOString() : value;
}
