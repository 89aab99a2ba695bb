import { afterAll, beforeAll, type MockInstance, vi } from 'vitest';

export interface ProcessGuard {
  /** Promise rejections nobody handled, while this file's tests ran. */
  readonly unhandledRejections: unknown[];
  readonly uncaughtExceptions: unknown[];
  /** Codes process.exit was called with (the call itself is stopped). */
  readonly exitCalls: unknown[];
}

/**
 * For the duration of a test file: records unhandled rejections and uncaught exceptions, and
 * stops and records any call to process.exit, so a test can assert that the bot never went down
 * whatever its peers did.
 */
export function guardProcess(): ProcessGuard {
  const guard: ProcessGuard = { unhandledRejections: [], uncaughtExceptions: [], exitCalls: [] };
  const onRejection = (reason: unknown) => guard.unhandledRejections.push(reason);
  const onException = (error: unknown) => guard.uncaughtExceptions.push(error);
  let exit: MockInstance<typeof process.exit> | undefined;
  beforeAll(() => {
    process.on('unhandledRejection', onRejection);
    process.on('uncaughtException', onException);
    exit = vi.spyOn(process, 'exit').mockImplementation((code) => {
      guard.exitCalls.push(code);
      return undefined as never;
    });
  });
  afterAll(() => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
    exit?.mockRestore();
  });
  return guard;
}
