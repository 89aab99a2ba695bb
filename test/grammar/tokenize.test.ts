import { describe, expect, it } from 'vitest';
import { TokenizeError, tokenize } from '../../src/grammar/tokenize.ts';

const texts = (line: string) => tokenize(line).map((token) => token.text);

describe('tokenize', () => {
  it('splits on any white space and keeps quoted spaces', () => {
    expect(texts(`room add "Test Room"  max=200\towner='a b'`)).toEqual([
      'room',
      'add',
      'Test Room',
      'max=200',
      'owner=a b',
    ]);
  });

  it('reads key=value options, with a quoted value', () => {
    const [token] = tokenize('desc="room for test"');
    expect(token?.option).toEqual({ key: 'desc', value: 'room for test' });
    expect(tokenize('"desc=x"')[0]?.option).toBeUndefined();
    expect(tokenize('=x')[0]?.option).toBeUndefined();
    expect(tokenize('a=b=c')[0]?.option).toEqual({ key: 'a', value: 'b=c' });
  });

  it('takes quotes of the other kind literally, and backslash-escaped quotes inside quotes', () => {
    expect(texts(`"it's" 'say "hi"' "a \\"b\\" \\\\ c"`)).toEqual([`it's`, 'say "hi"', 'a "b" \\ c']);
    expect(texts('back\\slash "keep \\n as is"')).toEqual(['back\\slash', 'keep \\n as is']);
  });

  it('understands typographic quotes, as phones and Slack clients type them', () => {
    expect(texts('room add “Test Room” desc=‘a b’')).toEqual(['room', 'add', 'Test Room', 'desc=a b']);
  });

  it('glues adjacent quoted and bare parts into one word, as a shell does', () => {
    expect(texts(`pre"fix suf"fix`)).toEqual(['prefix suffix']);
  });

  it('keeps the offsets of each raw token', () => {
    const line = `broadcast  "a b"  c`;
    expect(tokenize(line).map((token) => line.slice(token.start, token.end))).toEqual([
      'broadcast',
      '"a b"',
      'c',
    ]);
  });

  it("reads a single quote after a letter or digit as an apostrophe: Don't, O'Brien, It’s", () => {
    expect(texts(`Don't O'Brien It’s rock'n'roll 90's`)).toEqual([
      "Don't",
      "O'Brien",
      'It’s',
      "rock'n'roll",
      "90's",
    ]);
    expect(texts(`'a b' desc='x y' "it's"`)).toEqual(['a b', 'desc=x y', "it's"]);
    expect(() => tokenize(`'tis`)).toThrow(TokenizeError);
  });

  it('refuses a quote that is never closed, saying where it opened', () => {
    expect(() => tokenize('room add "Test Room')).toThrow(TokenizeError);
    expect(() => tokenize('room add "Test Room')).toThrow('the quote " at position 10 is never closed');
  });
});
