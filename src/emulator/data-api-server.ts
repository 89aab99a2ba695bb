import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { normaliseAddress } from './address-allow-list.ts';
import type { ChatState } from './chat-state.ts';
import {
  onlineValues,
  renderJsList,
  renderJsObject,
  renderXmlElement,
  renderXmlList,
  roomValues,
  userValues,
  type Values,
} from './data-api-views.ts';
import { groupStatus } from './group-status.ts';
import { listen } from './listen.ts';

/**
 * The HTTP Data API (the chat server's port 35555): rooms, room users and online counts as XML
 * or `.js`, and `restartgroup.api`. Read-only requests are open to anyone, as the vendor's pages
 * embed `rooms.js` in public web pages; restarting a group is limited to the Server API's allow list.
 */

export interface DataApiSettings {
  readonly host: string;
  readonly port: number;
  readonly state: ChatState;
  readonly isAllowed: (address: string) => boolean;
  readonly log: (line: string) => void;
}

export interface DataApiServer {
  readonly port: number;
  close(): Promise<void>;
}

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

const XML = 'text/xml; charset=utf-8';
const JAVASCRIPT = 'application/javascript; charset=utf-8';
const TEXT = 'text/plain; charset=utf-8';

const roomIdText = z
  .string()
  .regex(/^[0-9]{1,10}$/, { error: 'must be a room id' })
  .transform(Number);

const queryParameters = z.object({
  group: z.string().min(1, { error: 'must name a group' }).default('default'),
  /** The vendor's page: room ids split by ",". */
  listrooms: z
    .string()
    .transform((list) => list.split(',').map((id) => id.trim()))
    .pipe(z.array(roomIdText))
    .optional(),
  roomid: roomIdText.optional(),
});

type Query = z.output<typeof queryParameters>;

export async function startDataApiServer(settings: DataApiSettings): Promise<DataApiServer> {
  const server = createServer((request, response) => {
    send(response, safelyAnswer(request, settings), request.method !== 'HEAD');
  });
  const port = await listen(server, settings.host, settings.port);
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A request the emulator cannot answer gets a 500, never a crashed process. */
function safelyAnswer(request: IncomingMessage, settings: DataApiSettings): Answer {
  try {
    return answerRequest(request, settings);
  } catch (error) {
    settings.log(`data-api ${request.url ?? ''}: ${error instanceof Error ? error.message : String(error)}`);
    return plain(500, 'the request could not be answered');
  }
}

function answerRequest(request: IncomingMessage, settings: DataApiSettings): Answer {
  const url = new URL(request.url ?? '/', 'http://data-api.invalid');
  const route = ROUTES.get(url.pathname);
  if (route === undefined) return plain(404, 'not found');
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return plain(405, 'only GET and HEAD are answered');
  }
  const query = queryParameters.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) {
    const issue = query.error.issues[0];
    return plain(400, `bad query parameter ${String(issue?.path[0] ?? '')}: ${issue?.message ?? ''}`);
  }
  if (!settings.state.hasGroup(query.data.group)) {
    return plain(404, `there is no group "${query.data.group}"`);
  }
  return route({ query: query.data, state: settings.state, request, settings });
}

interface RouteContext {
  readonly query: Query;
  readonly state: ChatState;
  readonly request: IncomingMessage;
  readonly settings: DataApiSettings;
}

type Route = (context: RouteContext) => Answer;

const ROUTES = new Map<string, Route>([
  ['/rooms.xml', (context) => ok(XML, renderXmlList('rooms', 'room', rooms(context)))],
  ['/rooms.js', (context) => ok(JAVASCRIPT, renderJsList('rooms', rooms(context)))],
  ['/roomonlineusers.xml', (context) => ok(XML, renderXmlList('users', 'user', roomUsers(context)))],
  ['/roomonlineusers.js', (context) => ok(JAVASCRIPT, renderJsList('roomonlineusers', roomUsers(context)))],
  ['/online.xml', (context) => ok(XML, renderXmlElement('online', online(context)))],
  ['/online.js', (context) => ok(JAVASCRIPT, renderJsObject('online', online(context)))],
  ['/restartgroup.api', restartGroup],
]);

function rooms({ query, state }: RouteContext): Values[] {
  const wanted = query.listrooms === undefined ? undefined : new Set(query.listrooms);
  return groupStatus(state, query.group)
    .rooms.filter(({ room }) => wanted === undefined || wanted.has(room.id))
    .map(({ room, users }) => roomValues(room, users.length));
}

/** With `roomid`, that room's users; without it, the users of every room of the group. */
function roomUsers({ query, state }: RouteContext): Values[] {
  return groupStatus(state, query.group)
    .rooms.filter(({ room }) => query.roomid === undefined || room.id === query.roomid)
    .flatMap(({ room, users }) => users.map((user) => userValues(user, room.id)));
}

function online({ query, state }: RouteContext): Values {
  return onlineValues(groupStatus(state, query.group).online);
}

/** Every connection of the group is dropped and the group runs again; the answer is `0`. */
function restartGroup({ query, state, request, settings }: RouteContext): Answer {
  const address = normaliseAddress(request.socket.remoteAddress ?? '');
  if (!settings.isAllowed(address)) return plain(403, `restarting a group is not allowed from ${address}`);
  state.restartGroup(query.group);
  settings.log(`data-api ${address} restartgroup.api group=${query.group} -> 0`);
  return plain(200, '0');
}

function ok(contentType: string, body: string): Answer {
  return { status: 200, contentType, body };
}

function plain(status: number, body: string): Answer {
  return { status, contentType: TEXT, body };
}

function send(response: ServerResponse, answer: Answer, withBody: boolean): void {
  response.writeHead(answer.status, {
    'Content-Type': answer.contentType,
    'Content-Length': Buffer.byteLength(answer.body, 'utf8'),
    // Live data: a cached answer would be stale within seconds.
    'Cache-Control': 'no-store',
  });
  response.end(withBody ? answer.body : undefined);
}
