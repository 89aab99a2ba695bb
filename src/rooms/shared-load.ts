/**
 * A value fetched at most once per `ttlMs`, with concurrent callers sharing the request in flight:
 * `/chat who`, autocomplete and alerts arriving together must not each hit the chat server.
 */

export interface SharedLoad<T> {
  /** The cached value while it is fresh, else a new load (or the one already in flight). */
  get(): Promise<T>;
  /** A new load whatever the cache holds; one already in flight is shared, having just started. */
  reload(): Promise<T>;
  /** Drops the cached value, so the next `get` loads anew. */
  invalidate(): void;
}

export interface SharedLoadOptions {
  readonly ttlMs: number;
  readonly now: () => number;
}

export function shareLoads<T>(load: () => Promise<T>, options: SharedLoadOptions): SharedLoad<T> {
  let cached: { readonly value: T; readonly loadedAt: number } | undefined;
  let inFlight: Promise<T> | undefined;

  const reload = (): Promise<T> => {
    inFlight ??= load()
      .then((value) => {
        cached = { value, loadedAt: options.now() };
        return value;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };

  return {
    get: () => {
      if (cached !== undefined && options.now() - cached.loadedAt < options.ttlMs) {
        return Promise.resolve(cached.value);
      }
      return reload();
    },
    reload,
    invalidate: () => {
      cached = undefined;
    },
  };
}
