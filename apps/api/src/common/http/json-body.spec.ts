import { isEmptyBody, MAX_JSON_DEPTH, nestsDeeperThan } from './json-body';

const of = (text: string) => Buffer.from(text, 'utf8');

describe('nestsDeeperThan', () => {
  it.each([
    ['{}', 1],
    ['[[[]]]', 3],
    ['{"a":[{"b":[1]}]}', 4],
    ['[[],[],[[]]]', 3],
  ])('counts %s as %i deep', (text, depth) => {
    expect(nestsDeeperThan(of(text), depth)).toBe(false);
    expect(nestsDeeperThan(of(text), depth - 1)).toBe(true);
  });

  it('ignores brackets in strings, escaped quotes included', () => {
    expect(nestsDeeperThan(of('{"a":"[[[[\\"{{{{","b":"\\\\"}'), 1)).toBe(false);
  });

  it('is not fooled by multi-byte characters', () => {
    expect(nestsDeeperThan(of('{"a":"€[€{€"}'), 1)).toBe(false);
  });

  it('stops at the first level past the bound on a huge body', () => {
    const body = of('['.repeat(1_000_000));
    expect(nestsDeeperThan(body, MAX_JSON_DEPTH)).toBe(true);
  });
});

describe('isEmptyBody', () => {
  it.each(['', ' ', '\r\n', '\t \n'])('treats %j as empty', (text) => {
    expect(isEmptyBody(of(text))).toBe(true);
  });
  it.each(['{}', ' 0 ', 'null'])('does not treat %j as empty', (text) => {
    expect(isEmptyBody(of(text))).toBe(false);
  });
});
