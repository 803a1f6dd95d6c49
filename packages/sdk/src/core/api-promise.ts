/** A result with the HTTP response it came from. */
export interface APIResponse<T> {
  data: T;
  response: Response;
  /** The gateway's `x-request-id`. */
  requestId: string | undefined;
}

/**
 * What every resource method returns: awaits to the data, and `.withResponse()`
 * also gives the raw Response (rate-limit headers) and the request id.
 */
export class APIPromise<T> implements Promise<T> {
  readonly [Symbol.toStringTag] = "APIPromise";
  readonly #response: Promise<APIResponse<T>>;
  #data: Promise<T> | undefined;

  constructor(response: Promise<APIResponse<T>>) {
    this.#response = response;
  }

  withResponse(): Promise<APIResponse<T>> {
    return this.#response;
  }

  /** A promise of a value derived from this one's data, keeping its response. */
  _thenUnwrap<U>(transform: (data: T, response: APIResponse<T>) => U): APIPromise<U> {
    return new APIPromise(this.#response.then((result) => ({ ...result, data: transform(result.data, result) })));
  }

  then<TResult1 = T, TResult2 = never>(
    onfulfilled?: ((value: T) => TResult1 | PromiseLike<TResult1>) | null,
    onrejected?: ((reason: unknown) => TResult2 | PromiseLike<TResult2>) | null,
  ): Promise<TResult1 | TResult2> {
    return this.#parsed().then(onfulfilled, onrejected);
  }

  catch<TResult = never>(onrejected?: ((reason: unknown) => TResult | PromiseLike<TResult>) | null): Promise<T | TResult> {
    return this.#parsed().catch(onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.#parsed().finally(onfinally);
  }

  #parsed(): Promise<T> {
    this.#data ??= this.#response.then((result) => result.data);
    return this.#data;
  }
}
