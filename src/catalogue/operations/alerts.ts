import { z } from 'zod';
import type { AlertRuleStatus } from '../../alerts/alerts-service.ts';
import type { Identity } from '../../permissions/identity.ts';
import type { Reply } from '../../replies/reply.ts';
import { durationMs } from '../../time/duration.ts';
import { formatDuration, formatTime } from '../../time/format-duration.ts';
import { defineOperation } from '../operation.ts';
import { kinds, positional } from '../param.ts';

const MAX_MUTE_MS = 30 * 24 * 3_600_000;
const NOT_A_MUTE_DURATION = 'must be a duration such as 30m, 2h or 1d, above 0 and at most 30d';

/** Kept as typed (the audit log shows `30m`); converted when the mute is set. */
const muteDuration = z.string({ error: NOT_A_MUTE_DURATION }).refine(
  (text) => {
    const ms = durationMs(text);
    return ms !== undefined && ms > 0 && ms <= MAX_MUTE_MS;
  },
  { error: NOT_A_MUTE_DURATION },
);

const ruleParam = positional(kinds.requiredText(64, 'rule'), 'The alert rule, by name (see /chat alerts)');

export const alertsOperation = defineOperation({
  name: 'alerts',
  words: ['alerts'],
  summary: 'The alert rules, what each is alerting about now, and mutes',
  params: {},
  examples: ['/chat alerts'],
  destructive: false,
  changesChat: false,
  async run(_params, { services }) {
    const overview = await services.alerts.overview();
    if (overview.rules.length === 0) {
      return {
        title: 'No alert rules',
        text: 'No alert rules are configured (alerts.rules in the configuration file).',
        severity: 'info',
        visibility: 'private',
      };
    }
    const activeCount = overview.rules.reduce((sum, rule) => sum + rule.active.length, 0);
    return {
      title: `Alert rules: ${overview.rules.length}, ${activeCount} condition${activeCount === 1 ? '' : 's'} active`,
      text: overview.running
        ? undefined
        : overview.leader !== undefined
          ? `Alerts run on the leading instance (${overview.leader}): the states shown are those it last committed.`
          : 'Alerts are not running in this process: the states shown are those last saved.',
      list: { heading: 'Rules', items: overview.rules.map(describeRule), pageSize: 10 },
      severity: 'info',
      visibility: 'private',
    };
  },
});

export const alertsMuteOperation = defineOperation({
  name: 'alerts.mute',
  words: ['alerts', 'mute'],
  summary: 'Mute an alert rule for a while; its state is still tracked',
  params: {
    rule: ruleParam,
    duration: positional(
      { input: { type: 'text', maxLength: 16 }, schema: muteDuration, placeholder: 'duration' },
      'How long, e.g. 30m or 2h (at most 720h)',
    ),
  },
  examples: ['/chat alerts mute lobby-busy 30m', '/chat alerts mute server-down 2h'],
  destructive: false,
  changesChat: false,
  async run({ rule, duration }, { services, identity }) {
    const mutedForMs = durationMs(duration) ?? 0;
    const outcome = await services.alerts.mute(rule, mutedForMs, mutedBy(identity));
    if (!outcome.ok) return notFound('/chat alerts mute', outcome.message);
    return {
      title: `Alert rule ${outcome.rule} muted for ${formatDuration(mutedForMs)}`,
      text: `Nothing is posted for it until ${formatTime(outcome.until.getTime())}, or until /chat alerts unmute ${outcome.rule}. Its conditions are still tracked: what changed meanwhile is posted when the mute ends.`,
      severity: 'success',
      visibility: 'channel',
    };
  },
});

export const alertsUnmuteOperation = defineOperation({
  name: 'alerts.unmute',
  words: ['alerts', 'unmute'],
  summary: 'End the mute of an alert rule',
  params: { rule: ruleParam },
  examples: ['/chat alerts unmute lobby-busy'],
  destructive: false,
  changesChat: false,
  async run({ rule }, { services }) {
    const outcome = await services.alerts.unmute(rule);
    if (!outcome.ok) return notFound('/chat alerts unmute', outcome.message);
    if (!outcome.wasMuted) {
      return {
        title: `Alert rule ${outcome.rule} was not muted`,
        text: 'Nothing changed: it posts as usual.',
        severity: 'info',
        visibility: 'private',
      };
    }
    return {
      title: `Alert rule ${outcome.rule} unmuted`,
      text: 'It posts again; what changed while it was muted has been caught up.',
      severity: 'success',
      visibility: 'channel',
    };
  },
});

function mutedBy(identity: Identity): string {
  const name = identity.userName === undefined ? '' : ` (${identity.userName})`;
  return `${identity.platform}:${identity.userId}${name}`;
}

function notFound(label: string, message: string): Reply {
  return {
    title: `Cannot run ${label}`,
    text: `${message.charAt(0).toUpperCase()}${message.slice(1)}.`,
    severity: 'error',
    visibility: 'private',
  };
}

/** One line per rule: what it watches, where it posts, and its state now. */
function describeRule(rule: AlertRuleStatus): string {
  const parts = [rule.name, rule.condition];
  if (rule.rooms !== undefined) parts.push(`rooms ${rule.rooms}`);
  for (const name of rule.unresolvedRooms) parts.push(`no room called "${name}" is known`);
  const channels = [
    rule.channels.slack === undefined ? undefined : `slack ${rule.channels.slack}`,
    rule.channels.discord === undefined ? undefined : `discord ${rule.channels.discord}`,
  ].filter((channel) => channel !== undefined);
  parts.push(`to ${channels.join(', ')}`);
  parts.push(`cooldown ${formatDuration(rule.cooldownMs)}`);
  if (rule.mute !== undefined) {
    parts.push(`MUTED until ${formatTime(rule.mute.until.getTime())} by ${rule.mute.by}`);
  }
  if (rule.active.length === 0) parts.push('clear');
  for (const active of rule.active) {
    const held = active.announced ? '' : ' (not announced yet)';
    parts.push(
      `ACTIVE: ${active.label}, ${active.detail}, since ${formatTime(active.since.getTime())}${held}`,
    );
  }
  for (const label of rule.recoveriesHeld) parts.push(`${label} cleared, recovery posted when unmuted`);
  return parts.join(' · ');
}
