/**
 * Client for the chat server's HTTP Data API (port 35555): room list, online users, totals.
 * Every call resolves to a DataApiResult; none rejects for network or server trouble.
 */

import { z } from 'zod';
import {
  type OnlineTotals,
  type OnlineUser,
  onlineContent,
  type Room,
  type RoomCount,
  roomCountsContent,
  roomsContent,
  usersContent,
} from './document-schemas.ts';
import { describeEndpoint, endpointUrl, parseDataApiBase } from './endpoint.ts';
import { type DataApiResult, malformed } from './failures.ts';
import { getText } from './http-get.ts';
import { readXmlRoot } from './xml-document.ts';

const clientOptions = z.object({
  /** e.g. `http://127.0.0.1:35555`. */
  baseUrl: z.url({ protocol: /^https?$/ }),
  /** The chat group whose rooms and totals are asked for. */
  group: z.string().min(1).default('default'),
  timeoutMs: z.number().int().positive().default(5000),
  /** Answers beyond this are refused as malformed rather than held in memory. */
  maxBodyBytes: z
    .number()
    .int()
    .positive()
    .default(32 * 1024 * 1024),
});

export type DataApiClientOptions = z.input<typeof clientOptions>;

export interface DataApiClient {
  /** `host:port/path` of the API's base, for messages (no credentials, no query). */
  readonly location: string;
  /** `rooms.xml?group=`: every room of the group, in the server's order. */
  rooms(): Promise<DataApiResult<Room[]>>;
  /** `rooms.xml?group=` read for each room's id and count only (the status feed's poll). */
  roomCounts(): Promise<DataApiResult<RoomCount[]>>;
  /** `roomonlineusers.xml?roomid=`: who is in one room. Rejects with a RangeError for an id that is not a non-negative integer. */
  roomUsers(roomId: number): Promise<DataApiResult<OnlineUser[]>>;
  /** `roomonlineusers.xml?group=`: who is online anywhere in the group. */
  groupUsers(): Promise<DataApiResult<OnlineUser[]>>;
  /** `online.xml?group=`: connection, logged-in user and room totals. */
  online(): Promise<DataApiResult<OnlineTotals>>;
}

/** Throws a TypeError for options that cannot work (a configuration mistake, found at startup). */
export function createDataApiClient(options: DataApiClientOptions): DataApiClient {
  const parsed = clientOptions.safeParse(options);
  if (!parsed.success) {
    throw new TypeError(`invalid Data API client options: ${z.prettifyError(parsed.error)}`);
  }
  const { group, timeoutMs, maxBodyBytes } = parsed.data;
  const base = parseDataApiBase(parsed.data.baseUrl);

  async function fetchDocument<T>(
    fileName: string,
    params: Readonly<Record<string, string>>,
    rootName: string,
    content: z.ZodType<T>,
  ): Promise<DataApiResult<T>> {
    const url = endpointUrl(base.url, fileName, params);
    const text = await getText({ url, headers: base.headers, timeoutMs, maxBodyBytes });
    if (!text.ok) return text;
    const root = readXmlRoot(text.value, rootName);
    if (!root.ok) return { ok: false, failure: malformed(describeEndpoint(url), root.reason) };
    const value = content.safeParse(root.content);
    if (!value.success) {
      return { ok: false, failure: malformed(describeEndpoint(url), describeIssues(value.error)) };
    }
    return { ok: true, value: value.data };
  }

  return {
    location: describeEndpoint(base.url),
    rooms: () => fetchDocument('rooms.xml', { group }, 'rooms', roomsContent),
    roomCounts: () => fetchDocument('rooms.xml', { group }, 'rooms', roomCountsContent),
    roomUsers: async (roomId) => {
      if (!Number.isSafeInteger(roomId) || roomId < 0) {
        throw new RangeError(`a room id is a non-negative integer, not ${roomId}`);
      }
      return fetchDocument('roomonlineusers.xml', { roomid: String(roomId) }, 'users', usersContent);
    },
    groupUsers: () => fetchDocument('roomonlineusers.xml', { group }, 'users', usersContent),
    online: () => fetchDocument('online.xml', { group }, 'online', onlineContent),
  };
}

const SHOWN_ISSUES = 3;

/** One line for a chat message, e.g. `room[2].count: expected a whole number`. */
function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, SHOWN_ISSUES).map((issue) => {
    const path = issue.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('');
    return `${path.replace(/^\./, '') || 'document'}: ${issue.message}`;
  });
  const more = error.issues.length - shown.length;
  return more > 0 ? `${shown.join('; ')} (and ${more} more)` : shown.join('; ');
}
