import type { CommandCore } from '../../src/commands/command-core.ts';
import type { RoomDirectory } from '../../src/rooms/room-directory.ts';
import type { Interactions } from '../shared/interactions.ts';
import type { GuildGate } from './platform-gate.ts';
import type { ReplyPresenter } from './reply-presenter.ts';

/** The part of the core the adapter uses. */
export type DiscordCore = Pick<
  CommandCore,
  'catalogue' | 'mayRun' | 'handleInvocation' | 'answerConfirmation' | 'refuseRequest'
>;

/** The part of the room directory autocomplete uses. */
export type RoomNames = Pick<RoomDirectory, 'cachedNames' | 'refresh'>;

/** What every interaction handler is given. */
export interface InteractionContext {
  core: DiscordCore;
  rooms: RoomNames;
  presenter: ReplyPresenter;
  /** The shared page store and prompt owners. */
  interactions: Interactions;
  /** The servers commands are taken in. */
  gate: GuildGate;
  log: (message: string) => void;
  /** Masked in whatever is logged: the bot token. */
  secrets: readonly string[];
  /**
   * Once this interaction is acknowledged (deferred): marks it so, and waits (briefly) while
   * others received are still waiting for theirs, so a burst is acknowledged before it is worked on.
   */
  acknowledged?: () => Promise<void>;
}
