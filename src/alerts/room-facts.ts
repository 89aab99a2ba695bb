/**
 * The rooms' names and capacities the rules need: the configured capacities, and the room
 * directory's names and capacities, never blocking an evaluation. They rarely change, and asking
 * costs the whole room list (a 5,000-room server's rooms.xml is ~700 KB): the directory is asked
 * again when its answer is old, when the bot itself changed a room (its revision), and soon after
 * a room the facts do not know shows up in the status.
 */

import type { RoomDirectory } from '../rooms/index.ts';
import type { RoomFacts } from './observation.ts';

export interface RoomFactsCacheOptions {
  /** Without it rooms are named by id and only configured capacities count. */
  readonly directory?: Pick<RoomDirectory, 'list' | 'revision'>;
  readonly capacities: ReadonlyMap<number, number>;
  /** Whether any rule is about rooms: if not, the directory is never asked. */
  readonly wanted: boolean;
  /** How long the directory's answer is used before asking again. */
  readonly refreshMs: number;
  /**
   * How soon after an answer a room it did not name (seen in the status) has the directory asked
   * again; also how soon a failed answer is asked again.
   */
  readonly unknownRoomRefreshMs: number;
  readonly now: () => number;
  readonly log: (line: string) => void;
  /** Called once for each refresh that changed the facts. */
  readonly onChange: () => void;
}

export class RoomFactsCache {
  readonly #options: RoomFactsCacheOptions;
  #facts: ReadonlyMap<number, RoomFacts>;
  /** When the directory's answer is old (or, after a failure, when to ask again). */
  #dueAt = Number.NEGATIVE_INFINITY;
  /** From when a room the facts do not know has the directory asked again. */
  #unknownDueAt = Number.NEGATIVE_INFINITY;
  /** The directory's revision when it was last asked. */
  #revision: number | undefined;
  /** Rooms seen in the status that the facts do not know, not asked about yet. */
  #unknown = new Set<number>();
  /** Rooms already asked about: one that no source names does not make the directory be asked each time. */
  #asked = new Set<number>();
  #refreshing: Promise<void> | undefined;

  constructor(options: RoomFactsCacheOptions) {
    this.#options = options;
    this.#facts = configuredFacts(options.capacities);
  }

  get facts(): ReadonlyMap<number, RoomFacts> {
    return this.#facts;
  }

  /**
   * Asks the directory unless its last answer still holds; never rejects. `seenRooms`: rooms in
   * the status now (those that changed are enough); one the facts do not know has it asked soon.
   */
  refresh(seenRooms?: Iterable<number>): Promise<void> {
    const { directory, wanted, now, capacities } = this.#options;
    if (directory === undefined || !wanted) return Promise.resolve();
    if (seenRooms !== undefined) this.#noteUnknown(seenRooms);
    if (this.#refreshing !== undefined || !this.#stale(directory.revision(), now())) {
      return this.#refreshing ?? Promise.resolve();
    }
    this.#revision = directory.revision();
    for (const id of this.#unknown) this.#asked.add(id);
    this.#unknown.clear();
    this.#refreshing = directory
      .list()
      .then(({ rooms }) => {
        this.#dueAt = now() + this.#options.refreshMs;
        this.#unknownDueAt = now() + this.#options.unknownRoomRefreshMs;
        const facts = configuredFacts(capacities);
        for (const room of rooms)
          facts.set(room.id, factsOf(room.name, room.capacity ?? capacities.get(room.id)));
        // The same facts are kept as they are: the new Map of every room is dropped while young,
        // not left in the old generation for a full collection every few seconds.
        if (sameFacts(facts, this.#facts)) return;
        this.#facts = facts;
        this.#options.onChange();
      })
      .catch((error: unknown) => {
        // Asked again soon, not at every evaluation: one log line per attempt.
        this.#dueAt = now() + this.#options.unknownRoomRefreshMs;
        this.#unknownDueAt = this.#dueAt;
        this.#options.log(
          `alerts: could not list the rooms: ${error instanceof Error ? error.message : String(error)}`,
        );
      })
      .finally(() => {
        this.#refreshing = undefined;
      });
    return this.#refreshing;
  }

  #noteUnknown(seenRooms: Iterable<number>): void {
    for (const id of seenRooms) {
      if (!this.#facts.has(id) && !this.#asked.has(id)) this.#unknown.add(id);
    }
  }

  #stale(revision: number, now: number): boolean {
    if (revision !== this.#revision || now >= this.#dueAt) return true;
    return this.#unknown.size > 0 && now >= this.#unknownDueAt;
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
