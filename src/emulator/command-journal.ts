import type { ReplyCodeName } from '../protocol/reply-codes.ts';
import { RecentEntries } from './recent-entries.ts';
import type { RoomOpenTime } from './room.ts';

/** A command the emulator carried out. */
export interface AcceptedCommand {
  readonly group: string;
  readonly type: string;
  /** Every attribute but group, api_pwd and type, as a conformant XML parser reads it. */
  readonly params: Readonly<Record<string, string>>;
  /** The `<roomOpen>` Time entries; empty when the command had none. */
  readonly schedule: ReadonlyArray<RoomOpenTime>;
  readonly remoteAddress: string;
  /** The reply's `result`: the new room id for add_room, "0" otherwise. */
  readonly result: string;
}

/** A command the emulator refused. What could not be read is absent; api_pwd is never kept. */
export interface RefusedCommand {
  readonly code: number;
  readonly reason: ReplyCodeName;
  readonly message: string;
  readonly remoteAddress: string;
  readonly group?: string;
  readonly type?: string;
  readonly params?: Readonly<Record<string, string>>;
}

/** The most recent commands in arrival order, accepted and refused, for tests and the demo log. */
export class CommandJournal {
  readonly accepted: RecentEntries<AcceptedCommand>;
  readonly refused: RecentEntries<RefusedCommand>;

  constructor(limit: number) {
    this.accepted = new RecentEntries(limit);
    this.refused = new RecentEntries(limit);
  }
}
