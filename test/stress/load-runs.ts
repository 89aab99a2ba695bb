import { randomUUID } from 'node:crypto';
import {
  type FirstResponse,
  type FirstResponseReport,
  firstResponseLine,
  firstResponseReport,
} from '../helpers/discord-deadlines.ts';
import { embedsOf, isEditOriginal, isFollowUp, MEMBERS, textOf } from '../helpers/discord-stack.ts';
import type { InteractionHandle, RecordedRequest } from '../helpers/discord-stand-in.ts';
import { type SlackAckReport, slackAckLine, slackAckReport } from '../helpers/slack-ack-deadline.ts';
import { FORM, type SlackUser, slashCommandBody } from '../helpers/slack-requests.ts';
import { messageText, SIGNING_SECRET } from '../helpers/slack-test-app.ts';
import type { SlackMessageBody } from '../helpers/slack-web-api-stand-in.ts';
import { type StressStack, waitUntil } from './stack.ts';

/**
 * Concurrent /chat commands from several users, through the real Slack receiver and the real
 * discord.js client: most are broadcasts with a message of their own (so the emulator's journal
 * tells exactly which ran, and how often), the rest `status`. Each run keeps what its user was
 * told, for the caller to judge.
 */

export const SLACK_USERS: SlackUser[] = Array.from({ length: 8 }, (_, index) => ({
  userId: `U0LOAD${index}`,
  userName: `loader${index}`,
}));

/** One of the Slack users, by any number. */
export function slackUser(index: number): SlackUser {
  return SLACK_USERS[index % SLACK_USERS.length] ?? { userId: 'U0LOAD0' };
}

/** The only (or first) item; throws when there is none. */
export function first<T>(items: readonly T[]): T {
  const [item] = items;
  if (item === undefined) throw new Error('expected at least one item');
  return item;
}

/** Bound by id (admin), by role id (moderator) and by role name (admin): four users. */
export const DISCORD_USERS = [MEMBERS.admin, MEMBERS.moderator, MEMBERS.chatAdmin, MEMBERS.otherAdmin];

export const LOAD_CONFIG = `
roles:
  viewer:    { allow: [status, rooms, who, help] }
  moderator: { includes: [viewer], allow: [broadcast, pm] }
  admin:     { allow: ["*"] }
bindings:
  slack: { users: { ${SLACK_USERS.map((user) => `${user.userId}: moderator`).join(', ')} } }
  discord:
    users: { "111": admin }
    roles: { "222": moderator, "Chat Admins": admin }
    guilds: ["123456"]
`;

export interface PlannedCommand {
  index: number;
  /** Set for a broadcast: the message, unique to this command. */
  message?: string;
}

/** Three broadcasts for every status. */
export function planCommands(count: number, tag: string): PlannedCommand[] {
  return Array.from({ length: count }, (_, index) =>
    index % 4 === 3 ? { index } : { index, message: `${tag} #${index} ${randomUUID()}` },
  );
}

export interface SlackOutcome extends PlannedCommand {
  user: SlackUser;
  ackStatus: number;
  /** From sending the command to its acknowledgement read, ms (Slack allows 3 s). */
  ackMs: number;
  /** Every message that reached this command's response_url. */
  answers: SlackMessageBody[];
}

/**
 * Sends every command at once, signed, from Slack's side in its own process (so that only the
 * bot's event loop is in each acknowledgement's time, which is also kept in the app's
 * ackTimesMs); resolves once each has been answered (or `timeoutMs` passed).
 */
export async function runSlackLoad(
  stack: StressStack,
  plan: readonly PlannedCommand[],
  timeoutMs = 60_000,
): Promise<SlackOutcome[]> {
  const { slack, slackSide } = stack;
  if (!slack || !slackSide) throw new Error('Slack is not started');
  const commands = plan.map((command) => {
    const user = slackUser(command.index);
    const text = command.message === undefined ? 'status' : `broadcast ${command.message}`;
    const responseUrl = slack.api.responseUrl();
    return {
      command,
      user,
      body: slashCommandBody(text, user, responseUrl),
      path: new URL(responseUrl).pathname,
    };
  });
  const acks = await slackSide.post(
    slack.url,
    SIGNING_SECRET,
    FORM,
    commands.map((one) => one.body),
  );
  slack.ackTimesMs.push(...acks.map((ack) => ack.ackMs));
  const sent = commands.map((one, at) => {
    const ack = acks[at];
    if (!ack) throw new Error(`no acknowledgement came back for Slack command #${one.command.index}`);
    return { ...one, ack };
  });
  const paths = new Set(sent.map((one) => one.path));
  const answered = () => new Set(slack.api.responses.filter((r) => paths.has(r.path)).map((r) => r.path));
  await waitUntil(`${plan.length} Slack answers`, () => answered().size === paths.size, timeoutMs).catch(
    () => {},
  );
  const byPath = new Map<string, SlackMessageBody[]>();
  for (const response of slack.api.responses)
    if (paths.has(response.path))
      byPath.set(response.path, [...(byPath.get(response.path) ?? []), response.body]);
  return sent.map(({ command, user, ack, path }) => ({
    ...command,
    user,
    ackStatus: ack.status,
    ackMs: ack.ackMs,
    answers: byPath.get(path) ?? [],
  }));
}

export interface DiscordOutcome extends PlannedCommand {
  handle: InteractionHandle;
  /** Every REST request made with this interaction's token. */
  requests: RecordedRequest[];
  /** When its first response reached Discord (the stand-in), and whether past Discord's 3 s. */
  firstResponse: FirstResponse | undefined;
}

export async function runDiscordLoad(
  stack: StressStack,
  plan: readonly PlannedCommand[],
  timeoutMs = 60_000,
): Promise<DiscordOutcome[]> {
  const discord = stack.discord;
  if (!discord) throw new Error('Discord is not started');
  const { standIn } = discord;
  const handles = plan.map((command) =>
    standIn.chatInput({
      by: DISCORD_USERS[command.index % DISCORD_USERS.length] ?? MEMBERS.admin,
      path: command.message === undefined ? ['status'] : ['broadcast'],
      options: command.message === undefined ? {} : { message: command.message },
    }),
  );
  const tokens = new Set(handles.map((handle) => handle.token));
  const answered = () =>
    new Set(
      standIn.requests
        .filter(isAnswer)
        .map((request) => tokenOf(request))
        .filter((token) => token !== undefined && tokens.has(token)),
    ).size;
  await waitUntil(`${plan.length} Discord answers`, () => answered() === tokens.size, timeoutMs).catch(
    () => {},
  );
  const byToken = new Map<string, RecordedRequest[]>();
  for (const request of standIn.requests) {
    const token = tokenOf(request);
    if (token !== undefined && tokens.has(token))
      byToken.set(token, [...(byToken.get(token) ?? []), request]);
  }
  const firstResponses = standIn.firstResponses(handles);
  return plan.map((command, at) => {
    const handle = handles[at] as InteractionHandle;
    return {
      ...command,
      handle,
      requests: byToken.get(handle.token) ?? [],
      firstResponse: firstResponses[at],
    };
  });
}

/**
 * Discord's deadline for a run (each first response within 3 s of the dispatch, or Discord
 * refuses it with 10062), printed as one line for the run's output: the caller asserts 0 late.
 */
export function discordDeadlines(label: string, outcomes: readonly DiscordOutcome[]): FirstResponseReport {
  const report = firstResponseReport(outcomes.map((outcome) => outcome.firstResponse));
  console.log(firstResponseLine(report, `Discord first responses (${label})`));
  return report;
}

/** The interaction token a callback or webhook request carries in its path. */
function tokenOf(request: RecordedRequest): string | undefined {
  return /^\/(?:interactions|webhooks)\/[^/]+\/([^/]+)/.exec(request.path)?.[1];
}

/**
 * Slack's acknowledgement deadline over every request a run sent (each answered within 3 s, or
 * Slack gives up on it), printed as one line for the run's output: the caller asserts 0 late.
 */
export function slackAcks(label: string, ackTimesMs: readonly number[]): SlackAckReport {
  const report = slackAckReport(ackTimesMs);
  console.log(slackAckLine(report, `Slack acks (${label})`));
  return report;
}

/** What the user reads in the (last) Slack answer. */
export function slackText(outcome: SlackOutcome): string {
  const last = outcome.answers.at(-1);
  return last ? messageText(last) : '';
}

/**
 * An answer: the deferral edited (PATCH @original), or, for a private answer to a public
 * deferral, the ephemeral follow-up that replaces it.
 */
function isAnswer(request: RecordedRequest): boolean {
  return isEditOriginal(request) || isFollowUp(request);
}

/** Every answer the user got: edits of the deferral and follow-ups. */
export function discordAnswers(outcome: DiscordOutcome): RecordedRequest[] {
  return outcome.requests.filter(isAnswer);
}

/** What the user reads in the (last) answer. */
export function discordText(outcome: DiscordOutcome): string {
  const answer = discordAnswers(outcome).at(-1);
  return answer ? textOf(answer) : '';
}

export function discordTitle(outcome: DiscordOutcome): string | undefined {
  const answer = discordAnswers(outcome).at(-1);
  return answer ? embedsOf(answer)[0]?.title : undefined;
}

/** How many times each value occurs. */
export function tally(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}
