/** The `rooms:` map of the configuration (`{ "1": "Lobby" }`), checked once at startup. */

import { z } from 'zod';
import { roomId, roomIdKey, roomName } from './room-id.ts';

const fromRecord = z.array(z.tuple([roomIdKey, roomName]));
const fromMap = z.array(z.tuple([roomId, roomName]));

export type ConfiguredNames = Readonly<Record<string, string>> | ReadonlyMap<number, string>;

/** Throws a TypeError naming the bad entry: a configuration mistake is worth stopping for at startup. */
export function parseConfiguredNames(names: ConfiguredNames): ReadonlyMap<number, string> {
  const parsed =
    names instanceof Map ? fromMap.safeParse([...names]) : fromRecord.safeParse(Object.entries(names));
  if (!parsed.success) {
    throw new TypeError(`invalid configured room names: ${z.prettifyError(parsed.error)}`);
  }
  return new Map(parsed.data);
}
