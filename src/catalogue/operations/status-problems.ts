import type { Reply } from '../../replies/reply.ts';
import type { MissingFolder, Unreadable } from '../../status/index.ts';

/** What a moderator should know when the status files cannot be read, and what to check. */
export function statusProblemReply(
  problem: MissingFolder | Unreadable | { status: 'absent'; path: string },
  subject: string,
): Reply {
  switch (problem.status) {
    case 'no-folder':
      return {
        title: `No status files for ${subject}`,
        text: `The status folder ${problem.folder} does not exist. Check the data folder setting (FLASHCHAT_DATA_DIR or server.dataDir): it must be the chat server's server/data folder.`,
        severity: 'error',
        visibility: 'private',
      };
    case 'absent':
      return {
        title: `No status file for ${subject}`,
        text: `${problem.path} does not exist: the chat server has not written it (is the group running?).`,
        severity: 'warning',
        visibility: 'private',
      };
    case 'unreadable':
      return {
        title: `Status file unreadable for ${subject}`,
        text: `${problem.path} could not be read: ${problem.reason}. Try again in a moment.`,
        severity: 'warning',
        visibility: 'private',
      };
  }
}

export function describeAge(ageMs: number): string {
  const seconds = Math.max(0, Math.round(ageMs / 1000));
  if (seconds < 60) return `updated ${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `updated ${minutes} min ago`;
  return `updated ${Math.round(minutes / 60)} h ago`;
}
