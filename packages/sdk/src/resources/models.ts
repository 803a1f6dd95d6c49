import type { APIPromise } from "../core/api-promise.js";
import { found } from "../core/found.js";
import type { RequestOptions } from "../core/options.js";
import type { PagePromise } from "../core/pagination.js";
import {
  CreateModelDocument,
  ListModelsDocument,
  RetrieveModelDocument,
  RollbackModelDocument,
  SetCanaryTrafficDocument,
} from "../generated/graphql.js";
import type { CreateModelInput, Model } from "../types.js";
import { ModelVersions } from "./model-versions.js";
import { APIResource } from "./resource.js";

export interface ListParams {
  /** Page size (the API's default is 50). */
  first?: number;
  after?: string;
}

export class Models extends APIResource {
  readonly versions = new ModelVersions(this.client);

  /** Public models and the caller's own, a page at a time. */
  list(params: ListParams = {}, options?: RequestOptions): PagePromise<Model> {
    return this.client.paginate(ListModelsDocument, params, (data) => data.models, options);
  }

  /** Throws NotFoundError for a model the caller cannot see. */
  retrieve(name: string, options?: RequestOptions): APIPromise<Model> {
    return this.client
      .graphql(RetrieveModelDocument, { name }, options)
      ._thenUnwrap((data, raw) => found(data.model, `Model ${JSON.stringify(name)}`, raw));
  }

  create(params: CreateModelInput, options?: RequestOptions): APIPromise<Model> {
    return this.client.graphql(CreateModelDocument, { input: params }, options)._thenUnwrap((data) => data.createModel);
  }

  /** Sends `percent` (0-100) of unpinned requests to the `canary` label. */
  setCanaryTraffic(params: { model: string; percent: number }, options?: RequestOptions): APIPromise<Model> {
    return this.client.graphql(SetCanaryTrafficDocument, params, options)._thenUnwrap((data) => data.setCanaryTraffic);
  }

  /** Puts a label (default stable) back on the version it pointed at before. */
  rollback(params: { model: string; label?: string }, options?: RequestOptions): APIPromise<Model> {
    return this.client.graphql(RollbackModelDocument, params, options)._thenUnwrap((data) => data.rollbackModel);
  }
}
