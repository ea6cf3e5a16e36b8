import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { maskUrlCredentials, type ApiErrorBody } from '@ffe/contracts';
import {
  DomainError,
  InvalidInputError,
  UnavailableError,
  type DomainErrorKind,
} from '@ffe/domain';
import type { FastifyReply } from 'fastify';

const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  invalid: HttpStatus.BAD_REQUEST,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

const BODY_ERROR_CODES: Record<number, string> = {
  400: 'BODY_INVALID_JSON',
  413: 'BODY_TOO_LARGE',
  415: 'BODY_UNSUPPORTED_MEDIA_TYPE',
};

/**
 * Every error leaves as an ApiErrorBody. Domain errors map by kind; HTTP errors (validation,
 * auth, throttling, body parsing) keep their status; anything else is our fault — a 500 that is
 * logged with its stack and tells the client nothing internal.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(ApiExceptionFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = toErrorBody(error);
    if (body.statusCode >= 500 && !(error instanceof DomainError)) {
      this.logger.error({ err: error }, 'unhandled error');
    }
    if (error instanceof UnavailableError) this.logUnavailable(error);
    void reply.status(body.statusCode).send(body);
  }

  /**
   * The client hears "unavailable, retry"; the operator needs why (CROSSSLOT, OOM, refused).
   * Logged here, once per answer, however many layers wrapped the driver's error.
   */
  private logUnavailable(error: UnavailableError): void {
    const cause = rootCause(error);
    if (cause === undefined) return;
    const reason = maskUrlCredentials(cause.message);
    this.logger.warn(
      { code: error.code, cause: reason, causeName: cause.name },
      `${error.code}: ${reason}`,
    );
  }
}

/** The innermost error below a domain error: the driver's own (Redis, HTTP), not our wrapping. */
function rootCause(error: Error): Error | undefined {
  let cause: unknown = error.cause;
  let root: Error | undefined;
  for (let depth = 0; cause instanceof Error && depth < 10; depth += 1) {
    root = cause;
    cause = cause.cause;
  }
  return root;
}

export function toErrorBody(error: unknown): ApiErrorBody {
  if (error instanceof DomainError) {
    const fields =
      error instanceof InvalidInputError && error.field
        ? [{ field: error.field, reason: error.message }]
        : undefined;
    return {
      statusCode: STATUS_BY_KIND[error.kind],
      code: error.code,
      message: error.message,
      fields,
    };
  }
  if (error instanceof HttpException) return fromHttpException(error);
  return { statusCode: 500, code: 'INTERNAL', message: 'internal error' };
}

function fromHttpException(error: HttpException): ApiErrorBody {
  const status = error.getStatus();
  const response = error.getResponse();
  // The Fastify adapter rethrows its body-parsing failures (bad JSON, too large, wrong media
  // type) as a bare HttpException with Fastify's message: the field at fault is the body.
  if (
    error.constructor === HttpException &&
    typeof response === 'string' &&
    BODY_ERROR_CODES[status]
  ) {
    return {
      statusCode: status,
      code: BODY_ERROR_CODES[status],
      message: response,
      fields: [{ field: 'body', reason: response }],
    };
  }
  if (typeof response === 'object' && response !== null && 'code' in response) {
    return response as ApiErrorBody;
  }
  const message =
    typeof response === 'string'
      ? response
      : String((response as { message?: unknown }).message ?? error.message);
  return { statusCode: status, code: codeForStatus(status), message };
}

function codeForStatus(status: number): string {
  const name = HttpStatus[status];
  return typeof name === 'string' ? name : 'ERROR';
}
