import type { APIPromise } from "../core/api-promise.js";
import type { RequestOptions } from "../core/options.js";
import { CreateApiKeyDocument, ListApiKeysDocument, RevokeApiKeyDocument } from "../generated/graphql.js";
import type { ApiKey, CreateApiKeyInput, CreatedApiKey } from "../types.js";
import { APIResource } from "./resource.js";

export class ApiKeys extends APIResource {
  /** The caller's tenant's keys; admins may name another tenant. */
  list(params: { tenantId?: string } = {}, options?: RequestOptions): APIPromise<ApiKey[]> {
    return this.client.graphql(ListApiKeysDocument, params, options)._thenUnwrap((data) => data.apiKeys);
  }

  /** The returned `key` is shown only this once. */
  create(params: CreateApiKeyInput, options?: RequestOptions): APIPromise<CreatedApiKey> {
    return this.client.graphql(CreateApiKeyDocument, { input: params }, options)._thenUnwrap((data) => data.createApiKey);
  }

  revoke(id: string, options?: RequestOptions): APIPromise<ApiKey> {
    return this.client.graphql(RevokeApiKeyDocument, { id }, options)._thenUnwrap((data) => data.revokeApiKey);
  }
}
