import { defineOperation } from '../operation.ts';
import { kinds, optionalPositional } from '../param.ts';

export const auditOperation = defineOperation({
  name: 'audit',
  words: ['audit'],
  summary: 'The last entries of the audit log',
  params: { count: optionalPositional(kinds.integer(1, 100), 'How many entries (default 10, at most 100)') },
  examples: ['/chat audit', '/chat audit 50'],
  destructive: false,
  changesChat: false,
  async run({ count }, { services }) {
    const entries = await services.audit.tail(count ?? 10);
    const items = entries.map((entry) => {
      const who = entry.userName ? `${entry.userName} (${entry.userId})` : entry.userId;
      return `${entry.time} · ${entry.platform} · ${who} · ${entry.operation} · ${entry.decision}/${entry.outcome}${entry.error ? ` · ${entry.error}` : ''}`;
    });
    return {
      title: `Audit log: last ${items.length} entries`,
      text: items.length === 0 ? 'The audit log is empty.' : undefined,
      list: items.length > 0 ? { heading: 'Entries, oldest first', items, pageSize: 25 } : undefined,
      severity: 'info',
      visibility: 'private',
    };
  },
});
