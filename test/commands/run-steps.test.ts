import { describe, expect, it, vi } from 'vitest';
import type { Attempt } from '../../src/commands/attempt.ts';
import { answer, runSteps, type Step } from '../../src/commands/run-steps.ts';
import { auditStep } from '../../src/commands/steps/audit.ts';
import type { Reply } from '../../src/replies/reply.ts';
import { attemptOf } from './steps/fixtures.ts';

const done = (title: string): Reply => ({ title, severity: 'info', visibility: 'private' });

function passing(name: string, trail: string[]): Step {
  return {
    name,
    run(_attempt, next) {
      trail.push(name);
      return next();
    },
  };
}

function answering(name: string, trail: string[]): Step {
  return {
    name,
    run() {
      trail.push(name);
      return answer(done(name));
    },
  };
}

describe('runSteps', () => {
  it('runs the steps in order until one answers', async () => {
    const trail: string[] = [];
    const steps = [passing('a', trail), passing('b', trail), answering('c', trail), answering('d', trail)];
    expect(await runSteps(steps, attemptOf())).toEqual(done('c'));
    expect(trail).toEqual(['a', 'b', 'c']);
  });

  it('refuses a step that continues twice: the second call throws and runs nothing more', async () => {
    const trail: string[] = [];
    const twice: Step = {
      name: 'twice',
      async run(_attempt, next) {
        await next();
        return next();
      },
    };
    const run = runSteps([twice, answering('after', trail)], attemptOf());
    await expect(run).rejects.toThrow('step "twice" continued twice; the second time was refused');
    expect(trail).toEqual(['after']);
  });

  it('refuses a second call made before the first has answered', async () => {
    const trail: string[] = [];
    const both: Step = {
      name: 'both',
      async run(_attempt, next) {
        const [first] = await Promise.all([next(), next()]);
        return first;
      },
    };
    await expect(runSteps([both, answering('after', trail)], attemptOf())).rejects.toThrow('continued twice');
    expect(trail).toEqual(['after']);
  });

  it('turns the refusal into an internal error answer when the audit step is around it', async () => {
    const recorded: Attempt[] = [];
    const onInternalError = vi.fn();
    const trail: string[] = [];
    const twice: Step = {
      name: 'twice',
      async run(_attempt, next) {
        await next();
        return next();
      },
    };
    const attempt = attemptOf();
    const reply = await runSteps(
      [auditStep({ record: (a) => recorded.push(a), onInternalError }), twice, answering('after', trail)],
      attempt,
    );
    expect(reply).toMatchObject({ title: 'Command failed', severity: 'error' });
    expect(onInternalError).toHaveBeenCalledWith(
      expect.objectContaining({ message: expect.stringContaining('twice') }),
    );
    expect(trail).toEqual(['after']);
    expect(recorded).toEqual([attempt]);
  });

  it('refuses continuing past the last step', () => {
    expect(() => runSteps([passing('only', [])], attemptOf())).toThrow('nothing follows it');
  });
});
