import type { APIPromise } from "../core/api-promise.js";
import type { RequestOptions } from "../core/options.js";
import { ArchiveModelVersionDocument, PromoteModelVersionDocument } from "../generated/graphql.js";
import type { Model, ModelVersion, PromoteModelVersionInput } from "../types.js";
import { APIResource } from "./resource.js";

export class ModelVersions extends APIResource {
  /** Moves a label (default stable) to a version; the next request uses it. */
  promote(params: PromoteModelVersionInput, options?: RequestOptions): APIPromise<Model> {
    return this.client
      .graphql(PromoteModelVersionDocument, { input: params }, options)
      ._thenUnwrap((data) => data.promoteModelVersion);
  }

  /** Unloads a version and refuses new traffic to it. */
  archive(params: { model: string; version: number }, options?: RequestOptions): APIPromise<ModelVersion> {
    return this.client.graphql(ArchiveModelVersionDocument, params, options)._thenUnwrap((data) => data.archiveModelVersion);
  }
}
