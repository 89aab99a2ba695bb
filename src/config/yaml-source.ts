import { LineCounter, parseDocument } from 'yaml';
import type { Validated } from './problem.ts';

/**
 * YAML text to plain data, or every syntax problem with its line and column. Warnings (an
 * unknown tag, say) count as problems too: a config that only half-parses must not be used.
 */
export function readYaml(text: string): Validated<unknown> {
  const lineCounter = new LineCounter();
  // Integers are read exactly so a Discord snowflake written without quotes keeps all its digits.
  const document = parseDocument(text, { lineCounter, prettyErrors: false, intAsBigInt: true });
  const problems = [...document.errors, ...document.warnings].map((error) => {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    return { path: [], message: `line ${line}, column ${col}: ${error.message}` };
  });
  if (problems.length > 0) return { ok: false, problems };
  try {
    return { ok: true, value: document.toJS({ reviver: numberOrExactDigits }) };
  } catch (error) {
    // An alias to an anchor that does not exist, or too many aliases, only shows when converting.
    return {
      ok: false,
      problems: [{ path: [], message: error instanceof Error ? error.message : String(error) }],
    };
  }
}

/** Safe integers become numbers; larger ones become their digits, which is what an id needs. */
function numberOrExactDigits(_key: unknown, value: unknown): unknown {
  if (typeof value !== 'bigint') return value;
  const asNumber = Number(value);
  return Number.isSafeInteger(asNumber) ? asNumber : value.toString();
}
