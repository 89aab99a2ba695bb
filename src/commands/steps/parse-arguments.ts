import { parseLineArguments } from '../../grammar/parse-line.ts';
import { required } from '../attempt.ts';
import { invalidReply } from '../invalid-reply.ts';
import { answer, type Step } from '../run-steps.ts';

/** A typed line's words become the values a structured platform would have given, for one validation of both. */
export const parseArgumentsStep: Step = {
  name: 'parse-arguments',
  run(attempt, next) {
    // Structured platforms (Discord options) give their values typed already.
    if (attempt.args === undefined) return next();
    const parsed = parseLineArguments(required(attempt.operation), attempt.args);
    if (!parsed.ok) return answer(invalidReply(attempt, parsed.message, parsed.usage));
    attempt.values = parsed.values;
    if (parsed.roomReadings !== undefined) attempt.roomReadings = parsed.roomReadings;
    return next();
  },
};
