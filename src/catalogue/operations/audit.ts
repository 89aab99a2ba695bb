import { z } from 'zod';
import { AUDIT_OUTCOMES, type AuditEntry } from '../../audit/index.ts';
import { formatTime } from '../../time/format-duration.ts';
import { POINT_IN_TIME_EXAMPLES, readPointInTime } from '../../time/point-in-time.ts';
import { defineOperation } from '../operation.ts';
import { kinds, option, optionalPositional } from '../param.ts';

const NOT_A_POINT_IN_TIME = `must be ${POINT_IN_TIME_EXAMPLES}`;
const NOT_AN_OPERATION = 'must be an operation such as room.delete, or a family such as room.*';
const OPERATION_OR_FAMILY = /^[a-z][a-z0-9-]*(?:\.[a-z][a-z0-9-]*)*(?:\.\*)?$/;

/** Kept as typed (the audit log shows `since=24h`); read when the entries are looked up. */
const sinceKind = {
  input: { type: 'text', maxLength: 40 },
  schema: z
    .string({ error: NOT_A_POINT_IN_TIME })
    .refine((text) => readPointInTime(text) !== undefined, { error: NOT_A_POINT_IN_TIME }),
  placeholder: 'since',
} as const;

const operationKind = {
  input: { type: 'text', maxLength: 64 },
  schema: z.preprocess(
    (value) => (typeof value === 'string' ? value.trim().toLowerCase() : value),
    z.string({ error: NOT_AN_OPERATION }).regex(OPERATION_OR_FAMILY, { error: NOT_AN_OPERATION }),
  ),
  placeholder: 'operation',
} as const;

export const auditOperation = defineOperation({
  name: 'audit',
  words: ['audit'],
  summary: 'The last entries of the audit log, filtered by user, operation, time or outcome',
  params: {
    count: optionalPositional(kinds.integer(1, 100), 'How many entries (default 10, at most 100)'),
    user: option(kinds.requiredText(100, 'user'), 'Only this user: their id, or their name in any case'),
    op: option(operationKind, 'Only this operation (room.delete) or family (room.*)'),
    since: option(sinceKind, 'Only entries since then: a duration ago (24h) or a date (2026-11-28)'),
    outcome: option(kinds.choice(AUDIT_OUTCOMES), 'Only entries with this outcome'),
  },
  examples: [
    '/chat audit',
    '/chat audit 50',
    '/chat audit user=alice since=24h',
    '/chat audit op=room.* outcome=failed since=2026-11-28',
  ],
  destructive: false,
  changesChat: false,
  async run({ count, user, op, since, outcome }, { services }) {
    const entries = await services.audit.tail(count ?? 10, {
      user,
      operation: op,
      since: since === undefined ? undefined : readPointInTime(since),
      outcome,
    });
    const filters = [
      user === undefined ? undefined : `user=${user}`,
      op === undefined ? undefined : `op=${op}`,
      since === undefined ? undefined : `since=${since}`,
      outcome === undefined ? undefined : `outcome=${outcome}`,
    ].filter((filter) => filter !== undefined);
    const matching = filters.length === 0 ? '' : ` matching ${filters.join(' ')}`;
    const items = entries.map(describeEntry);
    return {
      title: `Audit log: last ${items.length} entries${matching}`,
      text:
        items.length > 0
          ? undefined
          : filters.length === 0
            ? 'The audit log is empty.'
            : `No entries match ${filters.join(' ')}.`,
      list: items.length > 0 ? { heading: 'Entries, oldest first', items, pageSize: 25 } : undefined,
      severity: 'info',
      visibility: 'private',
    };
  },
});

export const auditExportOperation = defineOperation({
  name: 'audit.export',
  words: ['audit', 'export'],
  summary: 'The audit log as a JSONL file: every entry, or those since a time',
  params: {
    since: optionalPositional(
      sinceKind,
      'From when: a duration ago (24h) or a date (2026-11-28); default all',
    ),
  },
  examples: ['/chat audit export', '/chat audit export 7d', '/chat audit export 2026-11-01'],
  destructive: false,
  changesChat: false,
  async run({ since }, { services }) {
    const exported = await services.audit.export(since === undefined ? undefined : readPointInTime(since));
    const from = exported.since === undefined ? '' : ` since ${formatTime(exported.since)}`;
    if (exported.count === 0) {
      return {
        title: `Audit log export: no entries${from}`,
        text: exported.since === undefined ? 'The audit log is empty.' : 'Nothing was audited in that time.',
        severity: 'info',
        visibility: 'private',
      };
    }
    const fileName =
      exported.since === undefined
        ? 'audit.jsonl'
        : `audit-since-${formatTime(exported.since).replaceAll(':', '')}.jsonl`;
    return {
      title: `Audit log export: ${exported.count} ${exported.count === 1 ? 'entry' : 'entries'}${from}`,
      text:
        exported.nextTime === undefined
          ? 'One JSON line per entry, oldest first, as the audit chain keeps it.'
          : `One JSON line per entry, oldest first. The file stops at 8 MB: the entries from ${exported.nextTime} on are left out; /chat audit export ${exported.nextTime} gives them.`,
      attachment: { fileName, content: exported.text },
      severity: 'info',
      visibility: 'private',
    };
  },
});

function describeEntry(entry: AuditEntry): string {
  const who = entry.userName ? `${entry.userName} (${entry.userId})` : entry.userId;
  return `${entry.time} · ${entry.platform} · ${who} · ${entry.operation} · ${entry.decision}/${entry.outcome}${entry.error ? ` · ${entry.error}` : ''}`;
}
