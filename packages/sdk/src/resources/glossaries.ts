import type { APIPromise } from "../core/api-promise.js";
import type { RequestOptions } from "../core/options.js";
import {
  CreateGlossaryDocument,
  DeleteGlossaryDocument,
  ListGlossariesDocument,
  ListGlossaryEntriesDocument,
  RetrieveGlossaryDocument,
} from "../generated/graphql.js";
import type { CreateGlossaryInput, Glossary, GlossaryEntry } from "../types.js";
import { APIResource } from "./resource.js";

/** Page of a glossary's entries: `offset` from the start, at most `first` (1-1000, default 100). */
export interface GlossaryEntryListParams {
  first?: number;
  offset?: number;
}

/** The caller's glossaries; use one with `translations.create({ ..., glossaryId })`. */
export class Glossaries extends APIResource {
  /**
   * Creates a glossary from `entries` ([{ source, target }]) or `entriesText` (TSV or CSV, as DeepL's). Invalid
   * entries throw BadRequestError whose `errors[0].extensions.issues` lists each problem with its line number.
   */
  create(params: CreateGlossaryInput, options?: RequestOptions): APIPromise<Glossary> {
    return this.client.graphql(CreateGlossaryDocument, { input: params }, options)._thenUnwrap((data) => data.createGlossary);
  }

  /** Newest first. */
  list(options?: RequestOptions): APIPromise<Glossary[]> {
    return this.client.graphql(ListGlossariesDocument, {}, options)._thenUnwrap((data) => data.glossaries);
  }

  /** NotFoundError for an unknown id or another tenant's. */
  retrieve(id: string, options?: RequestOptions): APIPromise<Glossary> {
    return this.client.graphql(RetrieveGlossaryDocument, { id }, options)._thenUnwrap((data) => data.glossary);
  }

  /** The entries in the order they were given, one page. */
  entries(id: string, params: GlossaryEntryListParams = {}, options?: RequestOptions): APIPromise<GlossaryEntry[]> {
    return this.client.graphql(ListGlossaryEntriesDocument, { id, ...params }, options)._thenUnwrap((data) => data.glossary.entries);
  }

  /** Returns the deleted glossary. */
  delete(id: string, options?: RequestOptions): APIPromise<Glossary> {
    return this.client.graphql(DeleteGlossaryDocument, { id }, options)._thenUnwrap((data) => data.deleteGlossary);
  }
}
