import { type AccessPolicy, explainDenial } from '../../permissions/index.ts';
import { required } from '../attempt.ts';
import { deniedReply } from '../denied-reply.ts';
import { answer, type Step } from '../run-steps.ts';

/** Denied by default: nothing about an operation is looked at, let alone run, for someone who may not use it. */
export function permissionStep(policy: AccessPolicy): Step {
  return {
    name: 'permission',
    run(attempt, next) {
      const operation = required(attempt.operation);
      const decision = policy.decide(attempt.meta.identity, operation.name);
      if (decision.allowed) return next();
      return answer(deniedReply(attempt, explainDenial(operation.words.join(' '), decision)));
    },
  };
}
