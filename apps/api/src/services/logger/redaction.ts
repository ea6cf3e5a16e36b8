/** Log paths that may carry a secret; pino replaces their values before anything is written. */
export const REDACTED_PATHS = [
  'req.headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.apiKey',
  '*.api_key',
  '*.password',
  '*.secret',
  '*.token',
  'config.auth.apiKey',
];
