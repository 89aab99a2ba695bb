/**
 * Discord API objects as the gateway and REST deliver them, built from a few facts, for the
 * Discord stand-in. Only what discord.js reads is filled in, with Discord's defaults.
 */

export interface StandInRole {
  id: string;
  name: string;
}

export interface StandInChannel {
  id: string;
  name: string;
}

export interface StandInMember {
  id: string;
  username: string;
  globalName?: string;
  nick?: string;
  /** Role ids, as Discord lists them (never @everyone). */
  roles: readonly string[];
}

export interface StandInGuild {
  id: string;
  name: string;
  /** @everyone (whose id is the guild's) is added; list the others. */
  roles: readonly StandInRole[];
  channels: readonly StandInChannel[];
  members: readonly StandInMember[];
}

const DISCORD_EPOCH = 1_420_070_400_000n;
let sequence = 0n;

/** A fresh id, ordered by time as Discord's are (discord.js reads creation times from them). */
export function snowflake(): string {
  sequence = (sequence + 1n) & 0x3fffffn;
  return String(((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | sequence);
}

export function userPayload(member: Pick<StandInMember, 'id' | 'username' | 'globalName'>, bot = false) {
  return {
    id: member.id,
    username: member.username,
    discriminator: '0',
    global_name: member.globalName ?? null,
    avatar: null,
    bot,
    public_flags: 0,
  };
}

export function memberPayload(member: StandInMember) {
  return {
    user: userPayload(member),
    nick: member.nick ?? null,
    avatar: null,
    roles: [...member.roles],
    joined_at: '2024-01-01T00:00:00.000Z',
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  };
}

function rolePayload(role: StandInRole, position: number) {
  return {
    id: role.id,
    name: role.name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: position === 0 ? '104324673' : '0',
    managed: false,
    mentionable: false,
    flags: 0,
  };
}

export function channelPayload(channel: StandInChannel, guildId: string, position = 0) {
  return {
    id: channel.id,
    type: 0,
    guild_id: guildId,
    name: channel.name,
    position,
    permission_overwrites: [],
    parent_id: null,
    topic: null,
    nsfw: false,
    rate_limit_per_user: 0,
    last_message_id: null,
    flags: 0,
  };
}

export function guildPayload(guild: StandInGuild, bot: StandInMember) {
  const everyone = { id: guild.id, name: '@everyone' };
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.members[0]?.id ?? bot.id,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [everyone, ...guild.roles].map((role, position) => rolePayload(role, position)),
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null,
    joined_at: '2024-01-01T00:00:00.000Z',
    large: false,
    unavailable: false,
    member_count: guild.members.length + 1,
    voice_states: [],
    members: [...guild.members, bot].map(memberPayload),
    channels: guild.channels.map((channel, position) => channelPayload(channel, guild.id, position)),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** What a webhook, an interaction response or a channel post created, as Discord returns it. */
export interface StoredMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  author: ReturnType<typeof userPayload>;
  content: string;
  embeds: unknown[];
  components: unknown[];
  attachments: Array<{ id: string; filename: string; size: number; url: string; proxy_url: string }>;
  flags: number;
  type: number;
  timestamp: string;
  edited_timestamp: string | null;
  tts: false;
  mention_everyone: false;
  mentions: [];
  mention_roles: [];
  pinned: false;
  webhook_id?: string;
  application_id?: string;
  /** As sent with the message (Create Message `nonce`). */
  nonce?: string;
}

export function messagePayload(
  fields: Pick<StoredMessage, 'channel_id' | 'author'> & Partial<StoredMessage>,
): StoredMessage {
  return {
    id: snowflake(),
    content: '',
    embeds: [],
    components: [],
    attachments: [],
    flags: 0,
    type: 0,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    pinned: false,
    ...fields,
  };
}
