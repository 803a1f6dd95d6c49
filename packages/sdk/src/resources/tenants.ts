import type { APIPromise } from "../core/api-promise.js";
import { found } from "../core/found.js";
import type { RequestOptions } from "../core/options.js";
import type { PagePromise } from "../core/pagination.js";
import {
  CreateTenantDocument,
  ListTenantsDocument,
  RetrieveTenantDocument,
  UpdateTenantLimitsDocument,
} from "../generated/graphql.js";
import type { CreateTenantInput, Tenant, UpdateTenantLimitsInput } from "../types.js";
import type { ListParams } from "./models.js";
import { APIResource } from "./resource.js";

/** Tenant administration: list and create need an ADMIN key. */
export class Tenants extends APIResource {
  /** All tenants, newest first; pages carry `totalCount`. */
  list(params: ListParams = {}, options?: RequestOptions): PagePromise<Tenant> {
    return this.client.paginate(ListTenantsDocument, params, (data) => data.tenants, options);
  }

  /** Admins: any tenant; others: only their own. Throws NotFoundError otherwise. */
  retrieve(id: string, options?: RequestOptions): APIPromise<Tenant> {
    return this.client
      .graphql(RetrieveTenantDocument, { id }, options)
      ._thenUnwrap((data, raw) => found(data.tenant, `Tenant ${JSON.stringify(id)}`, raw));
  }

  create(params: CreateTenantInput, options?: RequestOptions): APIPromise<Tenant> {
    return this.client.graphql(CreateTenantDocument, { input: params }, options)._thenUnwrap((data) => data.createTenant);
  }

  updateLimits(params: UpdateTenantLimitsInput, options?: RequestOptions): APIPromise<Tenant> {
    return this.client
      .graphql(UpdateTenantLimitsDocument, { input: params }, options)
      ._thenUnwrap((data) => data.updateTenantLimits);
  }
}
