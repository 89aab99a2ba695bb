import { findForbiddenChar } from '../protocol/xml-text.ts';
import { ChatStateError } from './chat-state-error.ts';
import { MAX_ROOM_ID, type Room, type RoomSettings } from './room.ts';

export interface OnlineCounts {
  /** Open connections, logged in or not. */
  readonly connections: number;
  readonly loggedIn: number;
  readonly rooms: number;
}

export interface OnlineUser {
  readonly name: string;
  /** Undefined while the user is in the lobby. */
  readonly roomId: number | undefined;
}

export interface ConnectionView {
  readonly id: number;
  /** Undefined until the connection logs in. */
  readonly user: string | undefined;
  readonly roomId: number | undefined;
}

interface Connection {
  readonly id: number;
  user: string | undefined;
  roomId: number | undefined;
}

interface RoomRecord {
  room: Room;
  /** In join order, which is the order the room file lists them. */
  readonly members: Set<string>;
  /** The group's revision when its members last changed. */
  changedAt: number;
}

/** Which rooms' members changed since a revision: ids, or `all` when rooms came, went, stopped or started. */
export interface RoomChanges {
  readonly revision: number;
  readonly roomIds: readonly number[] | 'all';
}

/**
 * One chat group: its rooms and its connections. A connection may not be logged in yet; a
 * logged-in user is in the lobby or in exactly one room. Rooms are replaced, never mutated, so
 * a Room handed out stays a consistent snapshot.
 */
export class ChatGroup {
  private isRunning = true;
  private lastConnectionId = 0;
  /** Counts the changes of rooms' members, so that a status writer rewrites only those rooms. */
  private revision = 0;
  /** The revision when rooms were last added or deleted, or the group stopped or started. */
  private layoutRevision = 0;
  private readonly roomsById = new Map<number, RoomRecord>();
  private readonly connectionsById = new Map<number, Connection>();
  private readonly connectionsByUser = new Map<string, Connection>();

  constructor(readonly name: string) {}

  get running(): boolean {
    return this.isRunning;
  }

  counts(): OnlineCounts {
    return {
      connections: this.connectionsById.size,
      loggedIn: this.connectionsByUser.size,
      rooms: this.roomsById.size,
    };
  }

  rooms(): Room[] {
    return [...this.roomsById.values()].map((record) => record.room).sort((a, b) => a.id - b.id);
  }

  room(roomId: number): Room | undefined {
    return this.roomsById.get(roomId)?.room;
  }

  roomUsers(roomId: number): string[] {
    return [...(this.roomsById.get(roomId)?.members ?? [])];
  }

  /** The rooms whose members changed after `revision` (one this returned before; none: all rooms). */
  roomsChangedSince(revision: number | undefined): RoomChanges {
    if (revision === undefined || this.layoutRevision > revision)
      return { revision: this.revision, roomIds: 'all' };
    const roomIds: number[] = [];
    for (const [id, record] of this.roomsById) if (record.changedAt > revision) roomIds.push(id);
    return { revision: this.revision, roomIds };
  }

  onlineUsers(): OnlineUser[] {
    return [...this.connectionsByUser].map(([name, connection]) => ({ name, roomId: connection.roomId }));
  }

  connections(): ConnectionView[] {
    return [...this.connectionsById.values()].map(({ id, user, roomId }) => ({ id, user, roomId }));
  }

  isOnline(user: string): boolean {
    return this.connectionsByUser.has(user);
  }

  /** The server picks the highest existing id + 1 unless the command asks for one. */
  addRoom(settings: RoomSettings, requestedId?: number): Room {
    const id = requestedId ?? this.nextRoomId();
    if (this.roomsById.has(id)) throw new ChatStateError('room_id_taken', `room id ${id} is already taken`);
    const room: Room = { ...settings, id };
    this.roomsById.set(id, { room, members: new Set(), changedAt: this.changedLayout() });
    return room;
  }

  /** Lowering `max` below the current count lets the present users stay; only new joins are refused. */
  editRoom(roomId: number, changes: Partial<RoomSettings>): Room {
    const record = this.requireRoom(roomId);
    record.room = { ...record.room, ...changes, id: roomId };
    return record.room;
  }

  /** Removes the room; its users go back to the lobby (they stay logged in). Returns who was in it. */
  deleteRoom(roomId: number): string[] {
    const record = this.requireRoom(roomId);
    for (const user of record.members) {
      const connection = this.connectionsByUser.get(user);
      if (connection) connection.roomId = undefined;
    }
    this.roomsById.delete(roomId);
    this.changedLayout();
    return [...record.members];
  }

  connect(): number {
    this.requireRunning();
    this.lastConnectionId += 1;
    const connection: Connection = { id: this.lastConnectionId, user: undefined, roomId: undefined };
    this.connectionsById.set(connection.id, connection);
    return connection.id;
  }

  login(connectionId: number, user: string): void {
    this.requireRunning();
    const connection = this.requireConnection(connectionId);
    if (connection.user !== undefined) {
      throw new ChatStateError('already_logged_in', `connection ${connectionId} is already logged in`);
    }
    checkUserName(user);
    if (this.connectionsByUser.has(user)) {
      throw new ChatStateError('user_name_taken', `user "${user}" is already online`);
    }
    connection.user = user;
    this.connectionsByUser.set(user, connection);
  }

  /** Moves a logged-in user into a room, out of any room they were in. */
  join(roomId: number, user: string): void {
    this.requireRunning();
    const connection = this.requireUser(user);
    const record = this.requireRoom(roomId);
    if (connection.roomId === roomId) return;
    if (record.members.size >= record.room.max) {
      throw new ChatStateError('room_full', `room ${roomId} is full (${record.room.max} users)`);
    }
    this.takeOutOfRoom(connection);
    record.members.add(user);
    record.changedAt = ++this.revision;
    connection.roomId = roomId;
  }

  /** Sends a user from a room back to the lobby. */
  leave(roomId: number, user: string): void {
    const connection = this.requireUser(user);
    if (connection.roomId !== roomId) {
      throw new ChatStateError('not_in_room', `user "${user}" is not in room ${roomId}`);
    }
    this.takeOutOfRoom(connection);
  }

  disconnect(connectionId: number): void {
    const connection = this.requireConnection(connectionId);
    this.takeOutOfRoom(connection);
    if (connection.user !== undefined) this.connectionsByUser.delete(connection.user);
    this.connectionsById.delete(connectionId);
  }

  connectionOf(user: string): number {
    return this.requireUser(user).id;
  }

  /** Stopping drops every connection; rooms are kept, as a restarted group has its rooms again. */
  stop(): void {
    for (const record of this.roomsById.values()) record.members.clear();
    this.connectionsById.clear();
    this.connectionsByUser.clear();
    this.isRunning = false;
    this.changedLayout();
  }

  start(): void {
    this.isRunning = true;
    this.changedLayout();
  }

  requireRunning(): void {
    if (!this.isRunning) throw new ChatStateError('group_stopped', `group "${this.name}" is stopped`);
  }

  private nextRoomId(): number {
    let highest = 0;
    for (const id of this.roomsById.keys()) highest = Math.max(highest, id);
    if (highest >= MAX_ROOM_ID) {
      throw new ChatStateError('room_id_taken', 'no room id is left above the highest one');
    }
    return highest + 1;
  }

  private takeOutOfRoom(connection: Connection): void {
    if (connection.roomId === undefined || connection.user === undefined) return;
    const record = this.roomsById.get(connection.roomId);
    if (record?.members.delete(connection.user)) record.changedAt = ++this.revision;
    connection.roomId = undefined;
  }

  private changedLayout(): number {
    this.revision += 1;
    this.layoutRevision = this.revision;
    return this.revision;
  }

  private requireRoom(roomId: number): RoomRecord {
    const record = this.roomsById.get(roomId);
    if (!record) {
      throw new ChatStateError('room_not_found', `room ${roomId} does not exist in group "${this.name}"`);
    }
    return record;
  }

  private requireConnection(connectionId: number): Connection {
    const connection = this.connectionsById.get(connectionId);
    if (!connection) {
      throw new ChatStateError('connection_not_found', `connection ${connectionId} is not open`);
    }
    return connection;
  }

  private requireUser(user: string): Connection {
    const connection = this.connectionsByUser.get(user);
    if (!connection) throw new ChatStateError('user_not_online', `user "${user}" is not online`);
    return connection;
  }
}

/** Room files hold one name per line, so a name cannot carry a line break (or anything XML cannot). */
function checkUserName(user: string): void {
  if (user.trim() === '' || /[\r\n]/.test(user) || findForbiddenChar(user)) {
    throw new ChatStateError('bad_user_name', `"${user}" cannot be a user name`);
  }
}
