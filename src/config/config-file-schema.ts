import { z } from 'zod';
import { bindingsSchema, rolesSchema } from '../permissions/access-schema.ts';
import { valueIsNot } from '../text/value-text.ts';
import { alertsSchema } from './alerts-schema.ts';
import { durationSchema } from './duration.ts';
import { pathField, serverSchema } from './server-schema.ts';
import { statsSchema } from './stats-schema.ts';

/**
 * The whole configuration file. Every object is strict, so a misspelt key is an error rather
 * than a setting silently ignored. Secrets are not here: they come from the environment.
 */

const roomIdKey = z
  .string()
  .regex(/^[1-9][0-9]*$/, { error: valueIsNot('a room id (a whole number from 1)') });
const roomName = z
  .string({ error: valueIsNot('a room name') })
  .refine((name) => name.trim() !== '', { error: valueIsNot('a room name') });

const DEFAULT_AUDIT_PATH = './audit.jsonl';
const DEFAULT_STATE_DIR = './state';
const DEFAULT_LEASE_MS = 15_000;
const MIN_LEASE_MS = 3_000;

export const configFileSchema = z
  .strictObject({
    server: serverSchema.prefault({}),
    /** Room names by room id, for when there is no Data API to ask. */
    rooms: z
      .record(roomIdKey, roomName)
      .default({})
      .transform((names) => new Map(Object.entries(names).map(([id, name]) => [Number(id), name]))),
    roles: rolesSchema.default({}),
    bindings: bindingsSchema.prefault({}),
    /** Per user and operation: the shortest time between two runs, in milliseconds once parsed. */
    cooldowns: z
      .record(z.string(), durationSchema)
      .default({})
      .transform((cooldowns) => new Map(Object.entries(cooldowns))),
    /**
     * The audit log is kept in the state store. `path`: the JSONL file of earlier releases,
     * imported once; `mirror`: also write every entry to a JSONL file (a path, or true for
     * `path`), off by default.
     */
    audit: z
      .strictObject({
        path: pathField.default(DEFAULT_AUDIT_PATH),
        mirror: z
          .union([z.boolean(), pathField], { error: valueIsNot('a path, true (the audit path) or false') })
          .default(false),
      })
      .prefault({}),
    /**
     * Where the bot keeps what it must remember across restarts (rooms it created, ...), and what
     * every instance must see: `store: sqlite` (a file in `dir`, the embedded default) or
     * `postgres` (at CHATOPS_DATABASE_URL, a secret read from the environment only).
     */
    state: z
      .strictObject({
        dir: pathField.default(DEFAULT_STATE_DIR),
        store: z
          .enum(['sqlite', 'postgres'], { error: valueIsNot('a state store: sqlite or postgres') })
          .default('sqlite'),
        /**
         * How long the leader's lease lasts unrenewed: how long alerts and history wait after a
         * leader dies before another instance takes over (ms once parsed; 3 s at least).
         */
        leaseTime: durationSchema
          .refine((ms) => ms >= MIN_LEASE_MS, { error: valueIsNot('a lease time of 3 s or more') })
          .default(DEFAULT_LEASE_MS),
      })
      .prefault({}),
    replies: z
      .strictObject({
        /** Whether replies to commands that change the chat are posted in the channel or only to the caller. */
        announceChanges: z.boolean({ error: valueIsNot('true or false') }).default(true),
      })
      .prefault({}),
    /** Occupancy and down alerts into Slack and Discord channels (src/config/alerts-schema.ts). */
    alerts: alertsSchema.prefault({}),
    /** Occupancy history and /chat stats charts (src/config/stats-schema.ts). */
    stats: statsSchema.prefault({}),
  })
  .superRefine((file, context) => {
    // A rule's chart is drawn from the occupancy history: it cannot be had with the history off.
    if (file.stats.enabled) return;
    for (const [index, rule] of file.alerts.rules.entries()) {
      if (rule.attachChart !== true) continue;
      context.addIssue({
        code: 'custom',
        path: ['alerts', 'rules', index, 'attachChart'],
        message: 'a chart needs the occupancy history, which stats.enabled: false turns off',
      });
    }
  });

export type ConfigFile = z.output<typeof configFileSchema>;
export type ConfigFileInput = z.input<typeof configFileSchema>;
