import { rosterReply } from '../../replies/roster.ts';
import { defineOperation } from '../operation.ts';
import { kinds, positional } from '../param.ts';
import { describeAge, statusProblemReply } from './status-problems.ts';

export const whoOperation = defineOperation({
  name: 'who',
  words: ['who'],
  summary: 'Who is in a room, sorted by name',
  params: { room: positional(kinds.room(), 'The room, by id or by name') },
  examples: ['/chat who Lobby', '/chat who 12'],
  destructive: false,
  changesChat: false,
  async run({ room }, { services }) {
    const roster = await services.status.roster(room.id);
    const label = room.name ? `${room.name} (${room.id})` : `room ${room.id}`;
    if (roster.status === 'absent') {
      return {
        title: `No one in ${label}`,
        text:
          services.status.kind === 'files'
            ? 'The chat server has no status file for this room: nobody is in it, or the room does not exist.'
            : 'The chat server lists nobody in this room.',
        severity: 'info',
        visibility: 'private',
      };
    }
    if (roster.status !== 'ok') return statusProblemReply(roster, label);
    const { rooms } = await services.rooms.list();
    const capacity = rooms.find((known) => known.id === room.id)?.capacity;
    const reply = rosterReply({
      roomId: room.id,
      roomName: room.name,
      userNames: roster.userNames,
      capacity,
      ageMs: roster.ageMs,
    });
    // The source failed just now: the moderator sees the last good list, and how old it is.
    if (roster.staleBecause !== undefined) {
      reply.fields = [...(reply.fields ?? []), { label: 'Data age', value: describeAge(roster) }];
      reply.severity = 'warning';
    }
    return reply;
  },
});
