import {
  ChatGroup,
  type ConnectionView,
  type OnlineCounts,
  type OnlineUser,
  type RoomChanges,
} from './chat-group.ts';
import { ChatStateError } from './chat-state-error.ts';
import { RecentEntries } from './recent-entries.ts';
import type { Room, RoomSettings } from './room.ts';

export interface PrivateMessage {
  readonly to: string;
  readonly text: string;
  /** `owner_uid`. */
  readonly from: string;
  /** `owner_nick`. */
  readonly fromNickname: string;
  /** `emotion` (or the table's `avatar`): e1..e32. */
  readonly emoticon: string | undefined;
  readonly bold: boolean;
  readonly italic: boolean;
  readonly underline: boolean;
  /** `0xRRGGBB`. */
  readonly color: string | undefined;
}

/** A message the emulator handed out, kept (the most recent ones) so tests can see who got what. */
export type Delivery =
  | {
      readonly group: string;
      readonly kind: 'broadcast';
      /** Everyone logged in when it was sent. */
      readonly to: readonly string[];
      readonly from: string;
      readonly text: string;
    }
  | ({ readonly group: string; readonly kind: 'private_message' } & PrivateMessage);

/** What the running emulator exposes of its chat: read access, plus the visitor actions tests need. */
export interface EmulatorState {
  groups(): string[];
  isRunning(group: string): boolean;
  rooms(group: string): Room[];
  room(group: string, roomId: number): Room | undefined;
  /** Online users of a room, in join order. */
  roomUsers(group: string, roomId: number): string[];
  /** The rooms whose users changed since `revision` (one this returned before; none: all rooms). */
  roomsChangedSince(group: string, revision: number | undefined): RoomChanges;
  onlineUsers(group: string): OnlineUser[];
  connections(group: string): ConnectionView[];
  counts(group: string): OnlineCounts;
  isOnline(group: string, user: string): boolean;
  readonly deliveries: readonly Delivery[];
  /** Opens a connection; with `user` it logs in at once (into the lobby). Returns the connection id. */
  connect(group: string, user?: string): number;
  login(group: string, connectionId: number, user: string): void;
  /** Connects and logs the user in first when they are not online. Refuses a full room. */
  join(group: string, roomId: number, user: string): void;
  /** Back to the lobby. */
  leave(group: string, roomId: number, user: string): void;
  /** By user name or connection id. */
  disconnect(group: string, userOrConnectionId: string | number): void;
}

export type ChangeListener = (group: string) => void;

/**
 * Every group of the emulated server, the messages delivered, and who to tell when something a
 * status file shows has changed. Operations throw ChatStateError when refused.
 */
export class ChatState implements EmulatorState {
  private readonly groupsByName = new Map<string, ChatGroup>();
  private readonly deliveryLog: RecentEntries<Delivery>;
  private readonly listeners = new Set<ChangeListener>();

  constructor(groupNames: readonly string[], deliveryLimit = 10_000) {
    this.deliveryLog = new RecentEntries(deliveryLimit);
    for (const name of groupNames) this.groupsByName.set(name, new ChatGroup(name));
  }

  get deliveries(): readonly Delivery[] {
    return this.deliveryLog.entries;
  }

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  hasGroup(group: string): boolean {
    return this.groupsByName.has(group);
  }

  groups(): string[] {
    return [...this.groupsByName.keys()];
  }

  isRunning(group: string): boolean {
    return this.requireGroup(group).running;
  }

  rooms(group: string): Room[] {
    return this.requireGroup(group).rooms();
  }

  room(group: string, roomId: number): Room | undefined {
    return this.requireGroup(group).room(roomId);
  }

  roomUsers(group: string, roomId: number): string[] {
    return this.requireGroup(group).roomUsers(roomId);
  }

  roomsChangedSince(group: string, revision: number | undefined): RoomChanges {
    return this.requireGroup(group).roomsChangedSince(revision);
  }

  onlineUsers(group: string): OnlineUser[] {
    return this.requireGroup(group).onlineUsers();
  }

  connections(group: string): ConnectionView[] {
    return this.requireGroup(group).connections();
  }

  counts(group: string): OnlineCounts {
    return this.requireGroup(group).counts();
  }

  isOnline(group: string, user: string): boolean {
    return this.requireGroup(group).isOnline(user);
  }

  addRoom(group: string, settings: RoomSettings, requestedId?: number): Room {
    return this.changing(group, (chat) => chat.addRoom(settings, requestedId));
  }

  editRoom(group: string, roomId: number, changes: Partial<RoomSettings>): Room {
    return this.changing(group, (chat) => chat.editRoom(roomId, changes));
  }

  deleteRoom(group: string, roomId: number): string[] {
    return this.changing(group, (chat) => chat.deleteRoom(roomId));
  }

  /** Delivers to every logged-in user of the group; returns who got it. */
  broadcast(group: string, from: string, text: string): string[] {
    const chat = this.requireGroup(group);
    chat.requireRunning();
    const recipients = chat.onlineUsers().map((user) => user.name);
    this.deliveryLog.push({ group, kind: 'broadcast', to: recipients, from, text });
    return recipients;
  }

  sendPrivateMessage(group: string, message: PrivateMessage): void {
    const chat = this.requireGroup(group);
    chat.requireRunning();
    if (!chat.isOnline(message.to)) {
      throw new ChatStateError('user_not_online', `user "${message.to}" is not online in group "${group}"`);
    }
    this.deliveryLog.push({ group, kind: 'private_message', ...message });
  }

  /** Returns false when the group was already running. */
  startGroup(group: string): boolean {
    const chat = this.requireGroup(group);
    if (chat.running) return false;
    return this.changing(group, () => {
      chat.start();
      return true;
    });
  }

  /** Returns false when the group was already stopped. */
  stopGroup(group: string): boolean {
    const chat = this.requireGroup(group);
    if (!chat.running) return false;
    return this.changing(group, () => {
      chat.stop();
      return true;
    });
  }

  /** `restartgroup.api`: every connection dropped, the group running again. */
  restartGroup(group: string): void {
    this.changing(group, (chat) => {
      chat.stop();
      chat.start();
    });
  }

  connect(group: string, user?: string): number {
    return this.changing(group, (chat) =>
      user === undefined ? chat.connect() : connectAndLogin(chat, user),
    );
  }

  login(group: string, connectionId: number, user: string): void {
    this.changing(group, (chat) => chat.login(connectionId, user));
  }

  join(group: string, roomId: number, user: string): void {
    this.changing(group, (chat) => {
      const connectedHere = chat.isOnline(user) ? undefined : connectAndLogin(chat, user);
      try {
        chat.join(roomId, user);
      } catch (error) {
        // No half-made visitor: a refused join closes the connection it opened.
        if (connectedHere !== undefined) chat.disconnect(connectedHere);
        throw error;
      }
    });
  }

  leave(group: string, roomId: number, user: string): void {
    this.changing(group, (chat) => chat.leave(roomId, user));
  }

  disconnect(group: string, userOrConnectionId: string | number): void {
    this.changing(group, (chat) => {
      const connectionId =
        typeof userOrConnectionId === 'number' ? userOrConnectionId : chat.connectionOf(userOrConnectionId);
      chat.disconnect(connectionId);
    });
  }

  private changing<T>(group: string, change: (chat: ChatGroup) => T): T {
    const result = change(this.requireGroup(group));
    for (const listener of this.listeners) listener(group);
    return result;
  }

  private requireGroup(group: string): ChatGroup {
    const chat = this.groupsByName.get(group);
    if (!chat) throw new ChatStateError('unknown_group', `there is no group "${group}"`);
    return chat;
  }
}

/** A refused login closes the connection it opened, so a failed helper call leaves no trace. */
function connectAndLogin(chat: ChatGroup, user: string): number {
  const connectionId = chat.connect();
  try {
    chat.login(connectionId, user);
  } catch (error) {
    chat.disconnect(connectionId);
    throw error;
  }
  return connectionId;
}
