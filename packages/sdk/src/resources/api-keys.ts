import type { APIPromise } from "../core/api-promise.js";
import type { RequestOptions } from "../core/options.js";
import { CreateApiKeyDocument, ListApiKeysDocument, RevokeApiKeyDocument, RotateApiKeyDocument } from "../generated/graphql.js";
import type { ApiKey, CreateApiKeyInput, CreatedApiKey, RotatedApiKey } from "../types.js";
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

  /** Revokes the key: requests with it fail from now on. */
  revoke(id: string, options?: RequestOptions): APIPromise<ApiKey> {
    return this.client.graphql(RevokeApiKeyDocument, { id }, options)._thenUnwrap((data) => data.revokeApiKey);
  }

  /**
   * Rolls the key: a new secret with the same name, scopes and expiry (`key`, shown only this once) and the old key
   * revoked in the same transaction, or still working for `expiresInSeconds` (up to 7 days) for a switch-over.
   * Retries reuse one Idempotency-Key, so a retried rotation creates one key and returns the same secret.
   */
  rotate(id: string, params: { expiresInSeconds?: number } = {}, options?: RequestOptions): APIPromise<RotatedApiKey> {
    return this.client
      .graphql(RotateApiKeyDocument, { id, expiresInSeconds: params.expiresInSeconds ?? null }, options)
      ._thenUnwrap((data) => data.rotateApiKey);
  }
}
