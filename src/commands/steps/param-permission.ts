import { guardedParamsOf } from '../../catalogue/param-permissions.ts';
import { type AccessPolicy, explainParamDenial } from '../../permissions/index.ts';
import { required } from '../attempt.ts';
import { deniedReply } from '../denied-reply.ts';
import { answer, type Step } from '../run-steps.ts';

/** A parameter such as `as=` (speaking under another name) needs its own permission when given. */
export function paramPermissionStep(policy: AccessPolicy): Step {
  return {
    name: 'param-permission',
    run(attempt, next) {
      const operation = required(attempt.operation);
      const params = required(attempt.params);
      for (const { param, permissionKey } of guardedParamsOf(operation)) {
        if (params[param] === undefined) continue;
        const decision = policy.decide(attempt.meta.identity, permissionKey);
        if (decision.allowed) continue;
        return answer(
          deniedReply(
            attempt,
            explainParamDenial(operation.words.join(' '), param, permissionKey, decision),
            [
              // The operation itself is allowed (the permission step checked it): say how to go on.
              `Nothing was run; without ${param}= you may run it.`,
            ],
          ),
        );
      }
      return next();
    },
  };
}
