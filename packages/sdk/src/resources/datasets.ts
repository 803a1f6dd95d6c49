import type { APIPromise } from "../core/api-promise.js";
import { APIError } from "../core/errors.js";
import { found } from "../core/found.js";
import { newIdempotencyKey } from "../core/idempotency.js";
import type { RequestOptions } from "../core/options.js";
import type { PagePromise } from "../core/pagination.js";
import { multipartForm, type Uploadable } from "../core/uploads.js";
import { DeleteDatasetDocument, ListDatasetsDocument, RetrieveDatasetDocument } from "../generated/graphql.js";
import type { Dataset } from "../types.js";
import type { ListParams } from "./models.js";
import { APIResource } from "./resource.js";

export interface DatasetUploadParams {
  /** TSV, one `source<TAB>target` pair a line: a Blob/File, its bytes, or its text. */
  file: Uploadable;
  name: string;
  sourceLanguage: string;
  targetLanguage: string;
  /** Sent as the part's file name when `file` has none (default `<name>.tsv`). */
  filename?: string;
}

export class Datasets extends APIResource {
  /** POST /v1/datasets (multipart/form-data). */
  upload(params: DatasetUploadParams, options?: RequestOptions): APIPromise<Dataset> {
    const { file, filename, ...fields } = params;
    return this.client.request(
      {
        method: "POST",
        path: "/v1/datasets",
        body: multipartForm(file, filename ?? `${fields.name}.tsv`, fields),
        idempotencyKey: options?.idempotencyKey ?? newIdempotencyKey(),
        parse: parseDataset,
      },
      options,
    );
  }

  list(params: ListParams = {}, options?: RequestOptions): PagePromise<Dataset> {
    return this.client.paginate(ListDatasetsDocument, params, (data) => data.datasets, options);
  }

  /** Throws NotFoundError for a dataset the caller cannot see. */
  retrieve(id: string, options?: RequestOptions): APIPromise<Dataset> {
    return this.client
      .graphql(RetrieveDatasetDocument, { id }, options)
      ._thenUnwrap((data, raw) => found(data.dataset, `Dataset ${JSON.stringify(id)}`, raw));
  }

  delete(id: string, options?: RequestOptions): APIPromise<Dataset> {
    return this.client.graphql(DeleteDatasetDocument, { id }, options)._thenUnwrap((data) => data.deleteDataset);
  }
}

function parseDataset(body: unknown, response: Response): Dataset {
  const record = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : undefined;
  const dataset = typeof record?.dataset === "object" && record.dataset !== null ? record.dataset : record;
  if (typeof (dataset as { id?: unknown } | undefined)?.id !== "string") {
    throw new APIError(`Malformed dataset upload response (HTTP ${response.status}).`, {
      status: response.status,
      headers: response.headers,
      body,
    });
  }
  return dataset as Dataset;
}
