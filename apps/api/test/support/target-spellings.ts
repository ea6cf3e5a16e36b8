/**
 * Ways to spell one path in a request target that a router may still resolve to it: the path
 * battery of auth-paths.e2e-spec. Each spelling keeps the path's meaning for a lenient router.
 */
export function targetSpellings(path: string): string[] {
  const segments = path.split('/').slice(1);
  const join = (parts: string[]) => `/${parts.join('/')}`;
  const spellings = new Set<string>([path]);
  segments.forEach((segment, i) => {
    for (const upper of [false, true]) {
      const parts = [...segments];
      parts[i] = encodeFirstLetter(segment, upper);
      spellings.add(join(parts));
    }
    const doubled = [...segments];
    doubled[i] = `/${segment}`;
    spellings.add(join(doubled));
    const dotted = [...segments];
    dotted[i] = `./${segment}`;
    spellings.add(join(dotted));
    const back = [...segments];
    back[i] = `x/../${segment}`;
    spellings.add(join(back));
    const param = [...segments];
    param[i] = `${segment};p=1`;
    spellings.add(join(param));
  });
  const all = (upper: boolean) => join(segments.map((s) => encodeAll(s, upper)));
  for (const spelled of [all(false), all(true), path]) {
    spellings.add(spelled);
    spellings.add(`http://x${spelled}`);
    spellings.add(`HTTP://localhost:1${spelled}`);
    spellings.add(`https://user@x:443${spelled}?y=2`);
  }
  spellings.add(`/x/..${path}`);
  spellings.add(`/%2e%2e${path}`);
  spellings.add(`${path}/`);
  spellings.add(`${path}/.`);
  spellings.add(`${path}?x=1`);
  spellings.add(`${path}?`);
  spellings.add(`${path}#f`);
  spellings.add(`${all(false)}?x=1`);
  spellings.add(`//${path.slice(1)}`);
  spellings.add(path.replace('/api/', '/API/'));
  spellings.add(path.replace('/api/v1/', '/api%2Fv1/'));
  return [...spellings];
}

function hex(char: string, upper: boolean): string {
  const code = char.charCodeAt(0).toString(16).padStart(2, '0');
  return `%${upper ? code.toUpperCase() : code}`;
}

/** Percent-encodes the segment's first letter; upper picks the case of the hex digits. */
function encodeFirstLetter(segment: string, upper: boolean): string {
  const at = segment.search(/[a-z]/i);
  if (at === -1) return segment;
  return `${segment.slice(0, at)}${hex(segment[at], upper)}${segment.slice(at + 1)}`;
}

function encodeAll(segment: string, upper: boolean): string {
  return [...segment].map((char) => hex(char, upper)).join('');
}
