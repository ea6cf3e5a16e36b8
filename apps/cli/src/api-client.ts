import { API_KEY_HEADER, API_PREFIX, maskUrlCredentials, type ApiErrorBody } from '@ffe/contracts';
import { CliError, ExitCode } from './exit-codes';

export interface ClientOptions {
  apiUrl: string;
  apiKey?: string;
  timeout: number;
}

export interface ApiResponse<T> {
  status: number;
  /** The body exactly as the API sent it (what --json prints). */
  text: string;
  body: T;
}

interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  /** Statuses to hand back instead of raising (health answers 503 with a report). */
  accept?: number[];
  /** Extra request headers (e.g. `Idempotency-Key`). */
  headers?: Record<string, string>;
}

/**
 * The REST API over Node's fetch. Every failure becomes a CliError carrying one line for
 * the operator and the exit code for scripts; nothing else escapes.
 */
export class ApiClient {
  constructor(private readonly options: ClientOptions) {}

  /** A route under /api/v1 (sends the API key). */
  api<T>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    return this.request<T>(method, `/${API_PREFIX}${path}`, options);
  }

  /** An open route (/health, /metrics). */
  open<T>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    return this.request<T>(method, path, options);
  }

  private async request<T>(
    method: string,
    path: string,
    options: RequestOptions,
  ): Promise<ApiResponse<T>> {
    const url = this.url(path, options.query);
    const headers: Record<string, string> = {
      accept: 'application/json, text/plain',
      ...options.headers,
    };
    if (this.options.apiKey) headers[API_KEY_HEADER] = this.options.apiKey;
    if (options.body !== undefined) headers['content-type'] = 'application/json';

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.timeout);
    let status: number;
    let text: string;
    try {
      const response = await fetch(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: controller.signal,
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      throw this.transportError(error, controller.signal.aborted);
    } finally {
      clearTimeout(timer);
    }
    const body = parseBody(text);
    if ((status >= 200 && status < 300) || options.accept?.includes(status)) {
      return { status, text, body: body as T };
    }
    throw httpError(status, body, `${method} ${path}`);
  }

  private url(path: string, query: RequestOptions['query']): string {
    let base: URL;
    try {
      base = new URL(this.options.apiUrl);
    } catch {
      throw new CliError(
        `invalid --api-url "${maskUrlCredentials(this.options.apiUrl)}"`,
        ExitCode.failure,
      );
    }
    const url = new URL(base.pathname.replace(/\/$/, '') + path, base);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  // Error lines name the API URL and the driver's reason, either of which may carry credentials.
  private transportError(error: unknown, aborted: boolean): CliError {
    const apiUrl = maskUrlCredentials(this.options.apiUrl);
    if (aborted) {
      return new CliError(
        `no answer from ${apiUrl} within ${this.options.timeout} ms (raise --timeout?)`,
        ExitCode.timeout,
      );
    }
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    return new CliError(
      `cannot reach the API at ${apiUrl} (${maskUrlCredentials(reason)})`,
      ExitCode.unreachable,
    );
  }
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The CliError for an HTTP answer that is not a success. */
export function httpError(status: number, body: unknown, what: string): CliError {
  const error = isApiError(body) ? body : undefined;
  const message = error ? describe(error) : `${what} answered ${status}`;
  if (status === 401 || status === 403) {
    const hint = status === 401 ? 'set --api-key or FFE_API_KEY' : 'check the API key';
    return new CliError(`authentication failed (${status}): ${message}; ${hint}`, ExitCode.auth);
  }
  return new CliError(`${status}${error ? ` ${error.code}` : ''}: ${message}`, ExitCode.failure);
}

function describe(error: ApiErrorBody): string {
  // Validation messages already name each field; a bare message gets the fields appended.
  if (!error.fields?.length || error.fields.some((f) => error.message.includes(f.field)))
    return error.message;
  return `${error.message} (${error.fields.map((f) => `${f.field}: ${f.reason}`).join('; ')})`;
}

export function isApiError(body: unknown): body is ApiErrorBody {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as ApiErrorBody).message === 'string' &&
    typeof (body as ApiErrorBody).statusCode === 'number'
  );
}
