import { APIPromise } from "./api-promise.js";
import { ParleyError } from "./errors.js";

export interface PageInfo {
  endCursor: string | null;
  hasNextPage: boolean;
}

/** A GraphQL connection as the API returns it. */
export interface Connection<Item> {
  nodes: Item[];
  pageInfo: PageInfo;
  totalCount?: number;
}

export type PageFetcher<Item> = (after: string) => APIPromise<Page<Item>>;

/** One page of a list; iterating it walks this page and every later one. */
export class Page<Item> implements AsyncIterable<Item> {
  readonly data: Item[];
  readonly pageInfo: PageInfo;
  /** Only for lists whose API reports it (tenants). */
  readonly totalCount: number | undefined;
  readonly #fetchPage: PageFetcher<Item>;

  constructor(connection: Connection<Item>, fetchPage: PageFetcher<Item>) {
    this.data = connection.nodes;
    this.pageInfo = connection.pageInfo;
    this.totalCount = connection.totalCount;
    this.#fetchPage = fetchPage;
  }

  hasNextPage(): boolean {
    return this.pageInfo.hasNextPage && this.pageInfo.endCursor !== null;
  }

  getNextPage(): APIPromise<Page<Item>> {
    const cursor = this.pageInfo.endCursor;
    if (!this.pageInfo.hasNextPage || cursor === null) {
      throw new ParleyError("No next page: check hasNextPage() first.");
    }
    return this.#fetchPage(cursor);
  }

  async *iterPages(): AsyncGenerator<Page<Item>> {
    let page: Page<Item> = this;
    yield page;
    while (page.hasNextPage()) {
      page = await page.getNextPage();
      yield page;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Item> {
    for await (const page of this.iterPages()) yield* page.data;
  }
}

/**
 * `await client.models.list()` gives the first Page; `for await (const model of
 * client.models.list())` walks every item across pages, fetching as it goes.
 */
export class PagePromise<Item> extends APIPromise<Page<Item>> implements AsyncIterable<Item> {
  async *[Symbol.asyncIterator](): AsyncGenerator<Item> {
    const firstPage = await this;
    yield* firstPage;
  }

  /** Every item of every page. */
  async toArray(): Promise<Item[]> {
    const items: Item[] = [];
    for await (const item of this) items.push(item);
    return items;
  }
}
