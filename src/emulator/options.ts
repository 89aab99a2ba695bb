import { z } from 'zod';
import { findForbiddenChar } from '../protocol/xml-text.ts';
import { isAllowListEntry } from './address-allow-list.ts';
import { DEFAULT_ROOM_SETTINGS, MAX_ROOM_ID, type RoomSettings } from './room.ts';

export const MANUAL_PASSWORD = '3874-3459-9999-2199';
export const DEFAULT_SERVER_API_PORT = 51127;
export const DEFAULT_DATA_API_PORT = 35555;
export const DEFAULT_HOST = '127.0.0.1';

export interface InitialRoom {
  readonly group: string;
  /** Undefined: the next free id in its group. */
  readonly id: number | undefined;
  readonly settings: RoomSettings;
}

const DEMO_ROOMS: ReadonlyArray<{ id: number; settings: RoomSettings }> = [
  {
    id: 1,
    settings: {
      ...DEFAULT_ROOM_SETTINGS,
      name: 'General Test',
      owner: 'admin',
      description: 'Tip: Here you may test enter, exit room, private chat, etc.',
    },
  },
  {
    id: 2,
    settings: {
      ...DEFAULT_ROOM_SETTINGS,
      name: 'Music',
      max: 50,
      owner: 'admin',
      description: 'What are you listening to?',
    },
  },
  {
    id: 3,
    settings: {
      ...DEFAULT_ROOM_SETTINGS,
      name: 'Help Desk',
      max: 10,
      owner: 'support',
      description: 'Ask the team',
    },
  },
  {
    id: 4,
    settings: {
      ...DEFAULT_ROOM_SETTINGS,
      name: 'Members Lounge',
      max: 30,
      owner: 'admin',
      guestsAllowed: false,
    },
  },
];

const port = z.number().int().min(0).max(65_535);

/** Group names become folder names under dataDir, so only plain names are accepted. */
const groupName = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, { error: 'a group name is letters, digits, "_", "." and "-"' });

const xmlSafeText = z.string().refine((value) => findForbiddenChar(value) === undefined, {
  error: 'contains a character XML cannot carry',
});

const roomOption = z.object({
  /** Default: the next free id in its group. */
  id: z.number().int().min(1).max(MAX_ROOM_ID).optional(),
  name: xmlSafeText.refine((name) => name.trim() !== '', { error: 'a room needs a name' }),
  max: z.number().int().min(1).max(MAX_ROOM_ID).optional(),
  owner: xmlSafeText.optional(),
  desc: xmlSafeText.optional(),
  /** Default: the first group. */
  group: z.string().optional(),
});

const optionsSchema = z
  .object({
    host: z.string().min(1).default(DEFAULT_HOST),
    /** Server API TCP port; 0 picks a free port. */
    port: port.default(DEFAULT_SERVER_API_PORT),
    /** Data API HTTP port; 0 picks a free port. */
    httpPort: port.default(DEFAULT_DATA_API_PORT),
    /** Status files go to `<dataDir>/<group>/`. */
    dataDir: z.string().min(1),
    /** The Server API password (`api_pwd`); default the manual's sample. */
    password: z.string().min(1).default(MANUAL_PASSWORD),
    /** `allow-access-from-ip`: addresses allowed to send commands; '*' allows any. */
    allow: z
      .array(z.string().refine(isAllowListEntry, { error: 'expected an IP address or *' }))
      .min(1)
      .default([DEFAULT_HOST]),
    groups: z
      .array(groupName)
      .min(1)
      .refine((groups) => new Set(groups).size === groups.length, { error: 'a group is listed twice' })
      .default(['default']),
    /** The rooms at start; default a few demo rooms in every group, room 1 being "General Test". */
    rooms: z.array(roomOption).optional(),
    /** Simulated visitors; off by default. */
    simulate: z
      .union([
        z.literal(false),
        z.object({
          seed: z.number().int().default(1),
          eventsPerSecond: z.number().positive().max(10_000).default(2),
        }),
      ])
      .default(false),
    /** Receives one line per command and per problem; default silent. */
    log: z.custom<(line: string) => void>((value) => typeof value === 'function').default(() => () => {}),
    /** How many recent commands and deliveries are kept for inspection (older ones are dropped). */
    journalLimit: z.number().int().positive().default(10_000),
    /** A Server API connection with no traffic for this long is closed. */
    idleTimeoutMs: z.number().int().positive().default(60_000),
    /** A command with no zero byte within this many bytes is refused as malformed. */
    maxCommandBytes: z
      .number()
      .int()
      .positive()
      .default(1024 * 1024),
  })
  .superRefine((options, context) => {
    const seen = new Set<string>();
    for (const [index, room] of (options.rooms ?? []).entries()) {
      const group = room.group ?? options.groups[0];
      if (group === undefined || !options.groups.includes(group)) {
        context.addIssue({
          code: 'custom',
          path: ['rooms', index, 'group'],
          message: `there is no group "${group}"`,
        });
      }
      if (room.id === undefined) continue;
      const key = `${group}/${room.id}`;
      if (seen.has(key)) {
        context.addIssue({ code: 'custom', path: ['rooms', index, 'id'], message: 'room id used twice' });
      }
      seen.add(key);
    }
  });

export type EmulatorOptions = z.input<typeof optionsSchema>;
export type EmulatorRoomOption = z.input<typeof roomOption>;
/** The options with their defaults, and the rooms resolved to their groups. */
export type ResolvedOptions = Readonly<
  Omit<z.output<typeof optionsSchema>, 'rooms'> & { rooms: readonly InitialRoom[] }
>;

export class EmulatorOptionsError extends Error {
  override name = 'EmulatorOptionsError';
}

export function resolveOptions(options: EmulatorOptions): ResolvedOptions {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new EmulatorOptionsError(`bad emulator options:\n${z.prettifyError(parsed.error)}`);
  }
  const { rooms, groups, ...rest } = parsed.data;
  return {
    ...rest,
    groups,
    rooms: rooms === undefined ? demoRooms(groups) : rooms.map((room) => initialRoom(room, groups)),
  };
}

/** Rooms as the emulator's options give them, with their group and every setting filled in. */
export function resolveRooms(
  rooms: readonly EmulatorRoomOption[],
  groups: readonly string[] = ['default'],
): InitialRoom[] {
  return z
    .array(roomOption)
    .parse(rooms)
    .map((room) => initialRoom(room, groups));
}

function demoRooms(groups: readonly string[]): InitialRoom[] {
  return groups.flatMap((group) => DEMO_ROOMS.map(({ id, settings }) => ({ group, id, settings })));
}

function initialRoom(room: z.output<typeof roomOption>, groups: readonly string[]): InitialRoom {
  return {
    group: room.group ?? groups[0] ?? 'default',
    id: room.id,
    settings: {
      ...DEFAULT_ROOM_SETTINGS,
      name: room.name,
      max: room.max ?? DEFAULT_ROOM_SETTINGS.max,
      owner: room.owner ?? DEFAULT_ROOM_SETTINGS.owner,
      description: room.desc ?? DEFAULT_ROOM_SETTINGS.description,
    },
  };
}
