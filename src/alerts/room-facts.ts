/**
 * The rooms' names and capacities the rules need: the configured capacities, and the room
 * directory's names and capacities, asked at most every few seconds and never blocking an
 * evaluation.
 */

import type { RoomDirectory } from '../rooms/index.ts';
import type { RoomFacts } from './observation.ts';

export interface RoomFactsCacheOptions {
  /** Without it rooms are named by id and only configured capacities count. */
  readonly directory?: Pick<RoomDirectory, 'list'>;
  readonly capacities: ReadonlyMap<number, number>;
  /** Whether any rule is about rooms: if not, the directory is never asked. */
  readonly wanted: boolean;
  /** How long the directory's answer is used before asking again. */
  readonly refreshMs: number;
  readonly now: () => number;
  readonly log: (line: string) => void;
  /** Called once for each refresh that changed the facts. */
  readonly onChange: () => void;
}

export class RoomFactsCache {
  readonly #options: RoomFactsCacheOptions;
  #facts: ReadonlyMap<number, RoomFacts>;
  #refreshedAt: number | undefined;
  #refreshing: Promise<void> | undefined;

  constructor(options: RoomFactsCacheOptions) {
    this.#options = options;
    this.#facts = configuredFacts(options.capacities);
  }

  get facts(): ReadonlyMap<number, RoomFacts> {
    return this.#facts;
  }

  /** Asks the directory unless its last answer is recent; never rejects. */
  refresh(): Promise<void> {
    const { directory, wanted, refreshMs, now, capacities } = this.#options;
    if (directory === undefined || !wanted) return Promise.resolve();
    const fresh = this.#refreshedAt !== undefined && now() - this.#refreshedAt < refreshMs;
    if (fresh) return Promise.resolve();
    this.#refreshing ??= directory
      .list()
      .then(({ rooms }) => {
        this.#refreshedAt = now();
        const facts = new Map(configuredFacts(capacities));
        for (const room of rooms) {
          const capacity = room.capacity ?? capacities.get(room.id);
          facts.set(room.id, withoutUndefined({ name: room.name, capacity }));
        }
        const changed = JSON.stringify([...facts]) !== JSON.stringify([...this.#facts]);
        this.#facts = facts;
        if (changed) this.#options.onChange();
      })
      .catch((error: unknown) =>
        this.#options.log(
          `alerts: could not list the rooms: ${error instanceof Error ? error.message : String(error)}`,
        ),
      )
      .finally(() => {
        this.#refreshing = undefined;
      });
    return this.#refreshing;
  }
}

function configuredFacts(capacities: ReadonlyMap<number, number>): Map<number, RoomFacts> {
  return new Map([...capacities].map(([id, capacity]) => [id, { capacity }]));
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
