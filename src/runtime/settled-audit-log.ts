import type { AuditLog } from '../audit/index.ts';
import type { AfterReply } from '../commands/after-reply.ts';

/**
 * The audit log as the rest of the program sees it: reading it or closing it first waits for the
 * entries of answers already given, which the command path hands over just after answering.
 */
export function settledAuditLog(log: AuditLog, afterReply: AfterReply): AuditLog {
  return {
    append: (entry) => log.append(entry),
    tail: async (n, query) => {
      await afterReply.settled();
      return log.tail(n, query);
    },
    export: async (since) => {
      await afterReply.settled();
      return log.export(since);
    },
    close: async () => {
      await afterReply.settled();
      await log.close();
    },
  };
}
