import { APIPromise } from "./core/api-promise.js";
import { graphqlRequest, isMutation, type Operation } from "./core/graphql.js";
import { newIdempotencyKey } from "./core/idempotency.js";
import { resolveClientOptions, type ClientOptions, type RequestOptions, type ResolvedClientOptions } from "./core/options.js";
import { Page, PagePromise, type Connection } from "./core/pagination.js";
import { Transport, type HttpRequest } from "./core/transport.js";
import { ViewerDocument } from "./generated/graphql.js";
import { ApiKeys } from "./resources/api-keys.js";
import { Datasets } from "./resources/datasets.js";
import { Documents } from "./resources/documents.js";
import { Languages } from "./resources/languages.js";
import { Glossaries } from "./resources/glossaries.js";
import { Models } from "./resources/models.js";
import { Tenants } from "./resources/tenants.js";
import { TrainingJobs } from "./resources/training-jobs.js";
import { Translations } from "./resources/translations.js";
import { Usage } from "./resources/usage.js";
import type { Viewer } from "./types.js";

/** The Parley API client. Options default to PARLEY_API_KEY and PARLEY_BASE_URL. */
export class Parley {
  readonly apiKey: string;
  readonly baseURL: string;
  readonly timeout: number;
  readonly maxRetries: number;

  readonly translations = new Translations(this);
  readonly models = new Models(this);
  readonly languages = new Languages(this);
  readonly glossaries = new Glossaries(this);
  readonly datasets = new Datasets(this);
  readonly documents = new Documents(this);
  readonly trainingJobs = new TrainingJobs(this);
  readonly usage = new Usage(this);
  readonly apiKeys = new ApiKeys(this);
  readonly tenants = new Tenants(this);

  readonly #options: ResolvedClientOptions;
  readonly #transport: Transport;

  constructor(options: ClientOptions = {}) {
    this.#options = resolveClientOptions(options);
    this.#transport = new Transport(this.#options);
    this.apiKey = this.#options.apiKey;
    this.baseURL = this.#options.baseURL;
    this.timeout = this.#options.timeout;
    this.maxRetries = this.#options.maxRetries;
  }

  /** A copy of this client with some options changed. */
  withOptions(options: ClientOptions): Parley {
    const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
    return new Parley({ ...this.#options, ...given, defaultHeaders: { ...this.#options.defaultHeaders, ...options.defaultHeaders } });
  }

  /** The caller: its tenant (with limits and quota), its API key and scopes. */
  viewer(options?: RequestOptions): APIPromise<Viewer> {
    return this.graphql(ViewerDocument, {}, options)._thenUnwrap((data) => data.viewer);
  }

  /**
   * Runs a GraphQL operation: a generated document or any query string. Mutations
   * get an idempotency key (options.idempotencyKey, else a fresh one) reused by their retries.
   */
  graphql<TResult, TVariables>(
    operation: Operation<TResult, TVariables> | string,
    variables?: TVariables,
    options: RequestOptions = {},
  ): APIPromise<TResult> {
    const query = operation.toString();
    const idempotencyKey = isMutation(query) ? (options.idempotencyKey ?? newIdempotencyKey()) : options.idempotencyKey;
    return this.request(graphqlRequest<TResult>(query, variables, idempotencyKey), options);
  }

  /** A list query as pages: await it for the first, iterate it for every item. */
  paginate<TResult, TVariables extends { after?: string | null | undefined }, Item>(
    operation: Operation<TResult, TVariables>,
    variables: TVariables,
    select: (data: TResult) => Connection<Item>,
    options?: RequestOptions,
  ): PagePromise<Item> {
    const fetchPage = (after: string): PagePromise<Item> => this.paginate(operation, { ...variables, after }, select, options);
    const firstPage = this.graphql(operation, variables, options)
      .withResponse()
      .then((result) => ({ ...result, data: new Page(select(result.data), fetchPage) }));
    return new PagePromise(firstPage);
  }

  /** Opens a server-sent event stream (POST with a JSON body); refusals throw the typed errors. Not retried. */
  openStream(path: string, body: unknown, options?: RequestOptions): Promise<Response> {
    return this.#transport.openStream(path, JSON.stringify(body), options);
  }

  /** Sends a request (GraphQL or REST) through the retrying transport. */
  request<T>(request: HttpRequest<T>, options?: RequestOptions): APIPromise<T> {
    return new APIPromise(this.#transport.send(request, options));
  }
}
