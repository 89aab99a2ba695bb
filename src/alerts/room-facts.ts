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
        const facts = configuredFacts(capacities);
        for (const room of rooms)
          facts.set(room.id, factsOf(room.name, room.capacity ?? capacities.get(room.id)));
        // The same facts are kept as they are: the new Map of every room is dropped while young,
        // not left in the old generation for a full collection every few seconds.
        if (sameFacts(facts, this.#facts)) return;
        this.#facts = facts;
        this.#options.onChange();
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

/** Only what is known: a fact left out is unknown, as in the configured facts. */
function factsOf(name: string | undefined, capacity: number | undefined): RoomFacts {
  if (name === undefined) return capacity === undefined ? {} : { capacity };
  return capacity === undefined ? { name } : { name, capacity };
}

/**
 * The same rooms in the same order with the same facts. Compared entry by entry: the directory
 * is asked every few seconds, and of a server with 5,000 rooms two JSON texts a time cost ~10 ms.
 */
function sameFacts(a: ReadonlyMap<number, RoomFacts>, b: ReadonlyMap<number, RoomFacts>): boolean {
  if (a.size !== b.size) return false;
  const others = b.entries();
  for (const [id, facts] of a) {
    const other = others.next();
    if (other.done === true) return false;
    const [otherId, otherFacts] = other.value;
    if (id !== otherId || facts.name !== otherFacts.name || facts.capacity !== otherFacts.capacity)
      return false;
    if ('name' in facts !== 'name' in otherFacts || 'capacity' in facts !== 'capacity' in otherFacts)
      return false;
  }
  return true;
}
