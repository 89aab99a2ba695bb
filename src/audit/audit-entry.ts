/** One audited command attempt: who asked for what, what the bot decided, and how it went. */

import { z } from 'zod';
import { PLATFORMS } from '../permissions/identity.ts';

export const AUDIT_DECISIONS = [
  'allowed',
  'denied',
  'invalid',
  'cooldown',
  'confirmation_requested',
  'confirmed',
  'cancelled',
  'expired',
  'confirmation_refused',
  /** Turned away before the command path: another Slack workspace, a Discord server not allowed. */
  'refused',
] as const;

export const AUDIT_OUTCOMES = ['ok', 'failed', 'not_run'] as const;

export const auditEntry = z.object({
  time: z.iso.datetime({ offset: true }),
  platform: z.enum(PLATFORMS),
  /** Slack team id or Discord guild id. */
  workspace: z.string().optional(),
  channel: z.string().optional(),
  userId: z.string().min(1),
  /** As the platform showed it when the command ran; for people reading the log, not for matching. */
  userName: z.string().optional(),
  /** e.g. `room.delete`. */
  operation: z.string().min(1),
  /** As parsed from the command; values are written as JSON (undefined members are left out). */
  parameters: z.record(z.string(), z.unknown()),
  decision: z.enum(AUDIT_DECISIONS),
  outcome: z.enum(AUDIT_OUTCOMES),
  /** The chat server's answer, when the command ran. */
  result: z.unknown().optional(),
  /** Why the command failed or was not run. */
  error: z.string().optional(),
  durationMs: z.number().nonnegative(),
});

export type AuditEntry = z.infer<typeof auditEntry>;
export type AuditDecision = AuditEntry['decision'];
export type AuditOutcome = AuditEntry['outcome'];
