import type { Reply } from './reply.ts';

export const ROSTER_PAGE_SIZE = 50;

const byNameIgnoringCase = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

export interface RosterInput {
  roomId: number;
  roomName?: string;
  userNames: readonly string[];
  capacity?: number;
  /** How old the status file is, so a stale roster says so. */
  ageMs?: number;
}

/**
 * `who <room>`: the count against capacity, the names sorted case-insensitively and paged, and
 * the whole list as an attachment when it runs past one page.
 */
export function rosterReply(roster: RosterInput): Reply {
  const names = [...roster.userNames].sort(byNameIgnoringCase.compare);
  const label = roster.roomName ? `${roster.roomName} (${roster.roomId})` : `room ${roster.roomId}`;
  const occupancy = roster.capacity === undefined ? `${names.length}` : `${names.length}/${roster.capacity}`;
  const reply: Reply = {
    title: `Who is in ${label}`,
    text: names.length === 0 ? 'Nobody is in this room.' : undefined,
    fields: [{ label: 'Users', value: occupancy }],
    severity: 'info',
    visibility: 'private',
  };
  if (names.length > 0)
    reply.list = { heading: `Users in ${label}`, items: names, pageSize: ROSTER_PAGE_SIZE };
  if (names.length > ROSTER_PAGE_SIZE) {
    reply.attachment = { fileName: `room-${roster.roomId}-users.txt`, content: `${names.join('\n')}\n` };
  }
  return reply;
}
