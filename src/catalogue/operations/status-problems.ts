import type { Reply } from '../../replies/reply.ts';
import type { DataAge, StatusProblem } from '../../status/index.ts';

/** What a moderator should know when the chat server's status cannot be read, and what to check. */
export function statusProblemReply(
  problem: StatusProblem | { status: 'absent'; path: string },
  subject: string,
): Reply {
  switch (problem.status) {
    case 'unavailable':
      return {
        title: `No status from the chat server for ${subject}`,
        text: `${capitalised(problem.reason)}. Check the Data API setting (FLASHCHAT_DATA_API_URL or server.dataApiUrl) and that the chat server is running.`,
        severity: 'error',
        visibility: 'private',
      };
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

/** `updated 4 s ago`; when the source failed just now, what failed, after the last good answer's age. */
export function describeAge(age: DataAge): string {
  const when = updatedAgo(age.ageMs);
  return age.staleBecause === undefined ? when : `${when} (last good answer: ${age.staleBecause})`;
}

function updatedAgo(ageMs: number): string {
  const seconds = Math.max(0, Math.round(ageMs / 1000));
  if (seconds < 60) return `updated ${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `updated ${minutes} min ago`;
  return `updated ${Math.round(minutes / 60)} h ago`;
}

function capitalised(sentence: string): string {
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}
