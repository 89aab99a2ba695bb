import { usageLine } from '../../catalogue/usage.ts';
import { describeProblems, validateParams } from '../../catalogue/validate.ts';
import { required } from '../attempt.ts';
import { invalidReply } from '../invalid-reply.ts';
import { answer, type Step } from '../run-steps.ts';

/** Values from every platform meet the operation's one schema; later steps and the handler get typed params. */
export const validateStep: Step = {
  name: 'validate',
  run(attempt, next) {
    const operation = required(attempt.operation);
    const validation = validateParams(operation, attempt.values);
    if (!validation.ok)
      return answer(invalidReply(attempt, describeProblems(validation.problems), usageLine(operation)));
    attempt.params = validation.params;
    return next();
  },
};
