import type { OperationContext } from '../catalogue/operation.ts';
import type { CommandSender, CoreServices } from '../catalogue/services.ts';
import type { Attempt } from './attempt.ts';

/** What an operation's handler and questions get; the server's `result` goes to this attempt's audit entry. */
export function operationContext(services: CoreServices, attempt: Attempt): OperationContext {
  const server: CommandSender = {
    send: async (command) => {
      const outcome = await services.server.send(command);
      attempt.result = outcome.result;
      return outcome;
    },
  };
  return { identity: attempt.meta.identity, services: { ...services, server } };
}
