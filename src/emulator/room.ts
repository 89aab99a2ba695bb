/**
 * A chat room as the emulator keeps it. Field names say what a setting means; the comments give
 * the Server API parameter and Data API attribute each one comes from and goes to.
 */

/** One `<roomOpen><Time o=".." s=".." e=".."/></roomOpen>` entry (event chat module). */
export interface RoomOpenTime {
  /** `day1`..`day7` or `special`. */
  readonly o: string;
  /** Start: a time, or a date-time for `special`. */
  readonly s: string;
  /** End: same form as `s`. */
  readonly e: string;
}

export const ROOM_OPEN_DAYS = ['day1', 'day2', 'day3', 'day4', 'day5', 'day6', 'day7', 'special'] as const;

export interface RoomSettings {
  readonly name: string;
  /** `owner`: the room's moderators (the Data API says comma-separated). */
  readonly owner: string;
  /** `desc`. */
  readonly description: string;
  /** `max`: how many users the room holds. */
  readonly max: number;
  /** `speaker`. */
  readonly speaker: string;
  /** `member`: true lets guests in; false makes the room members-only (Data API `memberonly="1"`). */
  readonly guestsAllowed: boolean;
  /** `pwd`: never shown by the Data API. */
  readonly password: string;
  /** `passallmessage`: moderated chat. */
  readonly passAllMessage: boolean;
  /** `en`: open (true) or closed. */
  readonly open: boolean;
  /** `st`: 0 = listed in the text chat too, 2 = avatar chat client only. */
  readonly displayMode: number;
  /** `wm`: the welcome message. */
  readonly welcomeMessage: string;
  readonly audio: boolean;
  readonly video: boolean;
  /** `wb`. */
  readonly whiteboard: boolean;
  /** `sequence`: sent by public integrations, meaning undocumented (presumably list order); kept as given. */
  readonly sequence: number | undefined;
  readonly schedule: readonly RoomOpenTime[];
}

export interface Room extends RoomSettings {
  readonly id: number;
}

/**
 * What a room gets for every setting add_room leaves out. The manual gives no defaults; these
 * match the vendor's stock "General Test" room (open, guests welcome, 200 places).
 */
export const DEFAULT_ROOM_SETTINGS: Omit<RoomSettings, 'name'> = {
  owner: '',
  description: '',
  max: 200,
  speaker: '',
  guestsAllowed: true,
  password: '',
  passAllMessage: false,
  open: true,
  displayMode: 0,
  welcomeMessage: '',
  audio: false,
  video: false,
  whiteboard: false,
  sequence: undefined,
  schedule: [],
};

/** Room ids are Java ints on the real server. */
export const MAX_ROOM_ID = 2_147_483_647;
