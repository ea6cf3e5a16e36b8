/**
 * Credentials inside URL-shaped text (`scheme://user:pass@host`, `:pass@host`) replaced by
 * `***`. Works on the text, not through `new URL()`, so a value that fails to parse (the
 * very value a config error echoes) is masked too. Greedy up to the last `@` of a word: a
 * password holding `/`, `:` or `@` is masked whole, at worst with part of the host.
 */
const URL_USERINFO = /([a-z][a-z0-9+.-]*:\/\/)[^\s"']*@/gi;
const BARE_USERINFO = /^[^\s/@:]*:(?!\/\/)[^\s]*@/;

export function maskUrlCredentials(text: string): string {
  if (!text.includes('@')) return text;
  return text.replace(URL_USERINFO, '$1***@').replace(BARE_USERINFO, '***@');
}

/**
 * A whole setting's value as it may be shown: everything before its last `@` after the
 * scheme is masked, spaces included (a malformed URL may hold a space in its password).
 */
export function maskValueCredentials(value: string): string {
  const at = value.lastIndexOf('@');
  if (at < 0) return value;
  const scheme = value.indexOf('://');
  const start = scheme >= 0 && scheme < at ? scheme + 3 : 0;
  return at > start ? `${value.slice(0, start)}***${value.slice(at)}` : value;
}
