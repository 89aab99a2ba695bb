import { usageLine } from '../../catalogue/usage.ts';
import { describeProblems, validateParams } from '../../catalogue/validate.ts';
import type { Reply } from '../../replies/reply.ts';
import { type Attempt, required } from '../attempt.ts';
import { invalidReply } from '../invalid-reply.ts';
import { answer, type Step } from '../run-steps.ts';

/** Values from every platform meet the operation's one schema; later steps and the handler get typed params. */
export const validateStep: Step = {
  name: 'validate',
  run(attempt, next) {
    const refused = validateInto(attempt, attempt.values);
    return refused === undefined ? next() : answer(refused);
  },
};

/**
 * The values, checked against the operation's declaration, become the attempt's values and params;
 * values that do not meet it are refused as invalid, with the usage. A later step that reads the
 * line otherwise (resolve-rooms) checks its reading here too.
 */
export function validateInto(attempt: Attempt, values: Record<string, unknown>): Reply | undefined {
  const operation = required(attempt.operation);
  const validation = validateParams(operation, values);
  if (!validation.ok)
    return invalidReply(attempt, describeProblems(validation.problems), usageLine(operation));
  attempt.values = values;
  attempt.params = validation.params;
  return undefined;
}
