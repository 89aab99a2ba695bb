import type { StoredValue } from '../../src/state/index.ts';
import type { ExpiringStore } from './expiring-store.ts';

/** How a value JSON cannot carry as it is (bytes, dates) is written to a store and read back. */
export interface StoredCodec<V> {
  encode(value: V): StoredValue;
  /** Undefined for a stored value this code cannot read (written by another release): as if it had expired. */
  decode(stored: StoredValue): V | undefined;
}

/** An interaction store of values that need a codec, over one that keeps JSON values (the state store's). */
export class EncodedExpiringStore<V> implements ExpiringStore<V> {
  readonly #stored: ExpiringStore<StoredValue>;
  readonly #codec: StoredCodec<V>;

  constructor(stored: ExpiringStore<StoredValue>, codec: StoredCodec<V>) {
    this.#stored = stored;
    this.#codec = codec;
  }

  async put(key: string, value: V, ttlMs: number): Promise<void> {
    await this.#stored.put(key, this.#codec.encode(value), ttlMs);
  }

  async putIfAbsent(key: string, value: V, ttlMs: number): Promise<boolean> {
    return this.#stored.putIfAbsent(key, this.#codec.encode(value), ttlMs);
  }

  async get(key: string): Promise<V | undefined> {
    const stored = await this.#stored.get(key);
    return stored === undefined ? undefined : this.#codec.decode(stored);
  }

  async delete(key: string): Promise<void> {
    await this.#stored.delete(key);
  }
}
