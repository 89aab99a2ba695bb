import { REPLY_CODES, type ReplyCodeName } from '../protocol/reply-codes.ts';
import type { ChatState } from './chat-state.ts';
import { ChatStateError } from './chat-state-error.ts';
import type { ValidCommand } from './command-schema.ts';
import { type CommandOutcome, refusal, success } from './reply.ts';

/**
 * Carries out a checked command on the chat. While a group is stopped, room management still
 * works (the rooms come back on start_group) but nothing can be delivered to anyone.
 */
export function executeCommand(state: ChatState, group: string, command: ValidCommand): CommandOutcome {
  try {
    return carryOut(state, group, command);
  } catch (error) {
    if (error instanceof ChatStateError && isReplyCodeName(error.reason)) {
      return refusal(error.reason, error.message);
    }
    throw error;
  }
}

function carryOut(state: ChatState, group: string, command: ValidCommand): CommandOutcome {
  switch (command.type) {
    case 'add_room': {
      const room = state.addRoom(group, command.settings, command.requestedId);
      return success(`room ${room.id} added`, String(room.id));
    }
    case 'edit_room':
      state.editRoom(group, command.roomId, command.changes);
      return success(`room ${command.roomId} updated`);
    case 'del_room': {
      const movedToLobby = state.deleteRoom(group, command.roomId);
      return success(
        `room ${command.roomId} deleted; ${plural(movedToLobby.length, 'user')} moved to the lobby`,
      );
    }
    case 'broadcast': {
      const recipients = state.broadcast(group, command.from, command.text);
      return success(`broadcast delivered to ${plural(recipients.length, 'user')}`);
    }
    case 'private_message':
      state.sendPrivateMessage(group, command.message);
      return success(`message delivered to ${command.message.to}`);
    case 'start_group':
      return success(
        state.startGroup(group) ? `group ${group} started` : `group ${group} was already running`,
      );
    case 'stop_group':
      return success(
        state.stopGroup(group) ? `group ${group} stopped` : `group ${group} was already stopped`,
      );
  }
}

function isReplyCodeName(reason: string): reason is ReplyCodeName {
  return Object.hasOwn(REPLY_CODES, reason);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
