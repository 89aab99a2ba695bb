import type { APIEmbed, APIMessageComponent } from 'discord.js';
import {
  createDiscordAdapter,
  type DiscordAdapter,
  type DiscordCore,
  discordAccess,
} from '../../adapters/discord/index.ts';
import type { RequestMeta } from '../../src/commands/attempt.ts';
import type { EmulatorRoomOption } from '../../src/emulator/index.ts';
import { type Stack, startStack } from '../e2e/harness.ts';
import { auditChainLines } from './audit-chain.ts';
import type { StandInGuild, StandInMember, StoredMessage } from './discord-payloads.ts';
import { type DiscordStandIn, type RecordedRequest, startDiscordStandIn } from './discord-stand-in.ts';

/** The whole product behind the Discord adapter: emulator, runtime, the real discord.js Client, the stand-in. */

export const BOT_TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.GxStand.in-bot-token_do-not-leak_4f9c2e';
export const GUILD_ID = '123456';
export const OTHER_GUILD_ID = '654321';
export const OPS_CHANNEL = '700';
export const ALERTS_CHANNEL = '701';

export const MEMBERS = {
  /** Bound by user id. */
  admin: { id: '111', username: 'ada', globalName: 'Ada', roles: [] },
  /** Bound through the role named "Chat Admins" (id 333). */
  chatAdmin: { id: '301', username: 'cat', nick: 'Cat', roles: ['333'] },
  /** Bound through role id 222. */
  moderator: { id: '302', username: 'mo', globalName: 'Mo', roles: ['222'] },
  /** A role nothing binds. */
  stranger: { id: '303', username: 'sam', roles: ['444'] },
  otherAdmin: { id: '304', username: 'oz', roles: ['333'] },
  /** Made himself a role *named* after the moderator role's id (222). */
  idForger: { id: '305', username: 'ivy', roles: ['666'] },
  /** Made himself a role named "chat admins": the bound name in another case. */
  caseForger: { id: '306', username: 'cy', roles: ['667'] },
} satisfies Record<string, StandInMember>;

export const GUILDS: StandInGuild[] = [
  {
    id: GUILD_ID,
    name: 'Chat Ops',
    roles: [
      { id: '222', name: 'Moderators' },
      { id: '333', name: 'Chat Admins' },
      { id: '444', name: 'Visitors' },
      { id: '666', name: '222' },
      { id: '667', name: 'chat admins' },
    ],
    channels: [
      { id: OPS_CHANNEL, name: 'ops' },
      { id: ALERTS_CHANNEL, name: 'alerts' },
    ],
    members: Object.values(MEMBERS),
  },
  {
    id: OTHER_GUILD_ID,
    name: 'Elsewhere',
    roles: [{ id: '555', name: 'Chat Admins' }],
    channels: [{ id: '800', name: 'general' }],
    members: [{ ...MEMBERS.admin, roles: ['555'] }],
  },
];

export const DISCORD_CONFIG = `
rooms: { "9": Attic }
roles:
  viewer:    { allow: [status, rooms, who, help] }
  moderator: { includes: [viewer], allow: [broadcast, pm, room.add, room.edit] }
  admin:     { allow: ["*"] }
bindings:
  discord:
    users: { "111": admin }
    roles: { "222": moderator, "Chat Admins": admin }
    guilds: ["${GUILD_ID}"]
`;

export interface DiscordStack {
  stack: Stack;
  standIn: DiscordStandIn;
  adapter: DiscordAdapter;
  logs: string[];
  /** Every request that reached the core, in order. */
  coreCalls: Array<{ kind: 'invocation' | 'confirmation'; name: string; meta: RequestMeta }>;
  close(): Promise<void>;
}

export async function startDiscordStack(
  options: {
    rooms?: EmulatorRoomOption[];
    confirmTimeoutMs?: number;
    config?: string;
    /** Leave DISCORD_GUILD_ID unset: `/chat` is registered globally, as without it in production. */
    global?: boolean;
    /** Where the bot reads status from (see startStack). */
    source?: 'files' | 'dataApi';
  } = {},
): Promise<DiscordStack> {
  const stack = await startStack(
    options.config ?? DISCORD_CONFIG,
    options.rooms,
    options.confirmTimeoutMs,
    undefined,
    options.source,
  );
  const standIn = await startDiscordStandIn({ token: BOT_TOKEN, guilds: GUILDS });
  const logs: string[] = [];
  const coreCalls: DiscordStack['coreCalls'] = [];
  const core = stack.runtime.core;
  const countingCore: DiscordCore = {
    catalogue: core.catalogue,
    mayRun: (identity, operationName) => core.mayRun(identity, operationName),
    handleInvocation(name, values, meta) {
      coreCalls.push({ kind: 'invocation', name, meta });
      return core.handleInvocation(name, values, meta);
    },
    answerConfirmation(id, answer, meta) {
      coreCalls.push({ kind: 'confirmation', name: answer, meta });
      return core.answerConfirmation(id, answer, meta);
    },
    refuseRequest: (meta, reason) => core.refuseRequest(meta, reason),
  };
  const adapter = createDiscordAdapter({
    core: countingCore,
    rooms: stack.runtime.rooms,
    credentials: {
      token: BOT_TOKEN,
      applicationId: standIn.applicationId,
      ...(options.global ? {} : { guildId: GUILD_ID }),
      apiUrl: standIn.apiUrl,
    },
    log: (message) => logs.push(message),
    ...discordAccess(stack.config.bindings),
  });
  await adapter.start();
  return {
    stack,
    standIn,
    adapter,
    logs,
    coreCalls,
    async close() {
      await adapter.stop();
      await standIn.close();
      await stack.close();
    },
  };
}

// --- Reading what the adapter sent ------------------------------------------------------------

export function embedsOf(request: RecordedRequest | StoredMessage): APIEmbed[] {
  const body = 'method' in request ? request.body : request;
  const payload = (body ?? {}) as { embeds?: APIEmbed[]; data?: { embeds?: APIEmbed[] } };
  return payload.embeds ?? payload.data?.embeds ?? [];
}

/** Titles, descriptions, field names and values, and footers, one a line. */
export function textOf(request: RecordedRequest | StoredMessage): string {
  return embedsOf(request)
    .flatMap((embed) => [
      embed.title,
      embed.description,
      ...(embed.fields ?? []).flatMap((field) => [field.name, field.value]),
      embed.footer?.text,
    ])
    .filter((line): line is string => line !== undefined)
    .join('\n');
}

export interface ButtonView {
  custom_id: string;
  label?: string;
  style: number;
  disabled?: boolean;
}

export function buttonsOf(request: RecordedRequest | StoredMessage): ButtonView[] {
  const body = 'method' in request ? request.body : request;
  const payload = (body ?? {}) as {
    components?: APIMessageComponent[];
    data?: { components?: APIMessageComponent[] };
  };
  const rows = payload.components ?? payload.data?.components ?? [];
  return rows.flatMap((row) => ('components' in row ? (row.components as unknown as ButtonView[]) : []));
}

export function flagsOf(request: RecordedRequest): number {
  const body = (request.body ?? {}) as { flags?: number; data?: { flags?: number } };
  return body.flags ?? body.data?.flags ?? 0;
}

export const isCallback = (type: number) => (request: RecordedRequest) =>
  request.method === 'POST' &&
  request.path.endsWith('/callback') &&
  (request.body as { type?: number }).type === type;
export const isEditOriginal = (request: RecordedRequest) =>
  request.method === 'PATCH' && request.path.endsWith('/messages/@original');
export const isDeleteOriginal = (request: RecordedRequest) =>
  request.method === 'DELETE' && request.path.endsWith('/messages/@original');
export const isFollowUp = (request: RecordedRequest) =>
  request.method === 'POST' && /^\/webhooks\/[^/]+\/[^/]+$/.test(request.path);

export const EPHEMERAL = 64;

/**
 * Every place the bot token shows up where it must not: logs, request bodies, files, paths and
 * queries, gateway frames (but IDENTIFY and RESUME, which carry it by design), the audit log, and
 * an Authorization header on interaction and webhook routes (which take none).
 */
export async function tokenLeaks(discord: DiscordStack, token = BOT_TOKEN): Promise<string[]> {
  const leaks: string[] = [];
  discord.logs.forEach((line, index) => {
    if (line.includes(token)) leaks.push(`log line ${index}`);
  });
  for (const request of discord.standIn.requests) {
    const where = `${request.method} ${request.path}`;
    if (JSON.stringify([request.path, request.query, request.body, request.files]).includes(token))
      leaks.push(`request ${where}`);
    if (/^\/(interactions|webhooks)\//.test(request.path) && request.authorization !== undefined)
      leaks.push(`Authorization header on ${where}`);
  }
  for (const frame of discord.standIn.framesReceived)
    if (frame.op !== 2 && frame.op !== 6 && JSON.stringify(frame).includes(token))
      leaks.push(`gateway op ${frame.op}`);
  if (JSON.stringify(discord.standIn.framesSent).includes(token)) leaks.push('a frame the gateway sent');
  if ((await auditChainLines(discord.stack.runtime)).join('\n').includes(token)) leaks.push('the audit log');
  return leaks;
}
