import { z } from 'zod';
import {
  type AlertCondition,
  type AlertRule,
  type AlertsSettings,
  DEFAULT_COOLDOWN_MS,
  DEFAULT_PROBE_INTERVAL_MS,
  DEFAULT_STALE_AFTER_MS,
  defaultMargin,
} from '../alerts/alert-rule.ts';
import { valueIsNot } from '../text/value-text.ts';
import { durationSchema } from './duration.ts';

/**
 * The `alerts` block: occupancy and down alerts, each rule with exactly one condition, the
 * channels it posts to, and optionally the rooms it watches. Room names are not checked here:
 * they are resolved while running, against the Data API, the `rooms` block and the rooms the
 * bot created (an unknown name is shown by `/chat alerts`).
 */

const CONDITION_KEYS = ['roomUsers', 'roomPercent', 'loggedIn', 'connections', 'serverDown'] as const;
type ConditionKey = (typeof CONDITION_KEYS)[number];

const notARuleName = valueIsNot('a rule name (a letter or digit, then letters, digits, "_", "." or "-")');
const ruleName = z
  .string({ error: notARuleName })
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: notARuleName })
  .max(64, { error: 'a rule name has at most 64 characters' });

function wholeNumberFrom1(what: string) {
  const error = valueIsNot(`${what} (a whole number from 1)`);
  return z.number({ error }).refine((value) => Number.isSafeInteger(value) && value >= 1, { error });
}

const notAPercentage = valueIsNot('a percentage (a number above 0, at most 100)');
const percentage = z
  .number({ error: notAPercentage })
  .refine((value) => value > 0 && value <= 100, { error: notAPercentage });

const notAMargin = valueIsNot('a margin (a number from 0)');
const margin = z.number({ error: notAMargin }).refine((value) => Number.isFinite(value) && value >= 0, {
  error: notAMargin,
});

const positiveDuration = durationSchema.refine((ms) => ms > 0, {
  error: valueIsNot('a duration above 0 (e.g. 30s)'),
});

const roomIdKey = z
  .string()
  .regex(/^[1-9][0-9]*$/, { error: valueIsNot('a room id (a whole number from 1)') });

const notARoom = valueIsNot('a room id (a whole number from 1) or a room name');
const roomRef = z.union(
  [
    z.number().refine((id) => Number.isSafeInteger(id) && id >= 1, { error: notARoom }),
    z.string().refine((name) => name.trim() !== '', { error: notARoom }),
  ],
  { error: notARoom },
);

const notASlackChannel = valueIsNot('a Slack channel id (e.g. C0123456, not the channel’s name)');
const slackChannel = z.string({ error: notASlackChannel }).regex(/^[CGD][A-Z0-9]{2,}$/, {
  error: notASlackChannel,
});

/** Unquoted ids arrive as numbers (or, past 2^53, as their exact digits); both become text. */
const notADiscordChannel = valueIsNot('a Discord channel id (its digits)');
const discordChannel = z
  .union([z.string(), z.number().int().nonnegative()], { error: notADiscordChannel })
  .transform(String)
  .refine((id) => /^[0-9]{1,20}$/.test(id), { error: notADiscordChannel });

/** Rules across keys are checked once each key is right: a misspelt key's problem is the one to show. */
const onceWellFormed = {
  when: (payload: { readonly issues: readonly unknown[] }) => payload.issues.length === 0,
};

const channels = z
  .strictObject({ slack: slackChannel.optional(), discord: discordChannel.optional() })
  .refine((given) => given.slack !== undefined || given.discord !== undefined, {
    error: 'name at least one channel: slack, discord or both',
    ...onceWellFormed,
  });

const ruleSchema = z
  .strictObject({
    name: ruleName,
    roomUsers: wholeNumberFrom1('a number of users').optional(),
    roomPercent: percentage.optional(),
    loggedIn: wholeNumberFrom1('a number of users').optional(),
    connections: wholeNumberFrom1('a number of connections').optional(),
    serverDown: z.literal(true, { error: valueIsNot('true (leave the key out otherwise)') }).optional(),
    margin: margin.optional(),
    cooldown: durationSchema.optional(),
    rooms: z
      .array(roomRef, { error: valueIsNot('a list of room ids and names') })
      .min(1, {
        error: 'list at least one room, or leave the key out to watch every room',
      })
      .optional(),
    channels,
    /** Alerts of this rule carry the last hour's occupancy chart (needs stats.enabled). */
    attachChart: z.boolean({ error: valueIsNot('true or false') }).optional(),
  })
  .superRefine((rule, context) => {
    const given = CONDITION_KEYS.filter((key) => rule[key] !== undefined);
    if (given.length === 0) {
      context.addIssue({
        code: 'custom',
        message: `a rule needs one condition: ${CONDITION_KEYS.join(', ')}`,
      });
      return;
    }
    if (given.length > 1) {
      context.addIssue({
        code: 'custom',
        message: `a rule has one condition, not ${given.length} (${given.join(', ')}): make one rule of each`,
      });
      return;
    }
    const [kind] = given as [ConditionKey];
    if (rule.rooms !== undefined && kind !== 'roomUsers' && kind !== 'roomPercent') {
      context.addIssue({
        code: 'custom',
        path: ['rooms'],
        message: `rooms applies to roomUsers and roomPercent rules, not to ${kind}`,
      });
    }
    if (rule.margin === undefined) return;
    if (kind === 'serverDown') {
      context.addIssue({
        code: 'custom',
        path: ['margin'],
        message: 'margin applies to threshold rules, not to serverDown',
      });
      return;
    }
    const threshold = rule[kind] ?? 0;
    if (rule.margin >= threshold) {
      context.addIssue({
        code: 'custom',
        path: ['margin'],
        message: `a margin of ${rule.margin} would keep the rule from ever clearing: it must be below the threshold (${threshold})`,
      });
    }
  }, onceWellFormed)
  .transform((rule): AlertRule => {
    const condition = conditionOf(rule);
    const threshold = condition.kind === 'serverDown' ? 0 : condition.threshold;
    return {
      name: rule.name,
      condition,
      margin: condition.kind === 'serverDown' ? 0 : (rule.margin ?? defaultMargin(threshold)),
      cooldownMs: rule.cooldown ?? DEFAULT_COOLDOWN_MS,
      ...(rule.rooms === undefined ? {} : { rooms: rule.rooms }),
      channels: rule.channels,
      ...(rule.attachChart === true ? { attachChart: true } : {}),
    };
  });

function conditionOf(rule: { readonly [K in ConditionKey]?: number | true }): AlertCondition {
  for (const kind of ['roomUsers', 'roomPercent', 'loggedIn', 'connections'] as const) {
    const threshold = rule[kind];
    if (typeof threshold === 'number') return { kind, threshold };
  }
  return { kind: 'serverDown' };
}

const rulesSchema = z
  .array(ruleSchema, { error: valueIsNot('a list of rules') })
  .superRefine((rules, context) => {
    const firstIndex = new Map<string, number>();
    for (const [index, rule] of rules.entries()) {
      const first = firstIndex.get(rule.name.toLowerCase());
      if (first === undefined) {
        firstIndex.set(rule.name.toLowerCase(), index);
        continue;
      }
      context.addIssue({
        code: 'custom',
        path: [index, 'name'],
        message: `the rule name "${rule.name}" is already used by alerts.rules[${first}]`,
      });
    }
  });

const notStaleAfter = valueIsNot('a duration above 0 (e.g. 120s), or off');

export const alertsSchema = z
  .strictObject({
    /** Room capacities by room id, for roomPercent rules when the Data API gives none. */
    capacities: z
      .record(roomIdKey, wholeNumberFrom1('a capacity'))
      .default({})
      .transform((byId) => new Map(Object.entries(byId).map(([id, capacity]) => [Number(id), capacity]))),
    probeInterval: positiveDuration.default(DEFAULT_PROBE_INTERVAL_MS),
    /** `off`: the status files' age is not looked at. */
    staleAfter: z
      .union([z.literal('off'), positiveDuration], { error: notStaleAfter })
      .default(DEFAULT_STALE_AFTER_MS),
    rules: rulesSchema.default([]),
  })
  .transform(
    (alerts): AlertsSettings => ({
      capacities: alerts.capacities,
      probeIntervalMs: alerts.probeInterval,
      staleAfterMs: alerts.staleAfter === 'off' ? undefined : alerts.staleAfter,
      rules: alerts.rules,
    }),
  );
