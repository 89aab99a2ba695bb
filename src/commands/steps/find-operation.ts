import type { Operation } from '../../catalogue/operation.ts';
import { findLineOperation } from '../../grammar/parse-line.ts';
import { invalidReply } from '../invalid-reply.ts';
import { answer, type Step } from '../run-steps.ts';

/** Every later step works on one operation: which one a typed line or a platform's invocation names. */
export function findOperationStep(catalogue: readonly Operation[]): Step {
  return {
    name: 'find-operation',
    run(attempt, next) {
      if (attempt.line !== undefined) {
        const found = findLineOperation(attempt.line, catalogue);
        if (!found.ok) return answer(invalidReply(attempt, found.message, found.usage));
        attempt.operation = found.operation;
        attempt.args = found.args;
        return next();
      }
      const name = attempt.operationName;
      const operation = catalogue.find((candidate) => candidate.name === name);
      if (operation === undefined)
        return answer(
          invalidReply(attempt, name === undefined ? 'unknown operation' : `unknown operation "${name}"`),
        );
      attempt.operation = operation;
      return next();
    },
  };
}
