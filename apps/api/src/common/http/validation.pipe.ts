import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import type { ApiErrorBody } from '@ffe/contracts';

/**
 * The one validation pipe: unknown fields are refused, types are converted, and the 400 names
 * every field at fault (dotted paths for nested ones) with its reason.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => new BadRequestException(toErrorBody(errors)),
  });
}

function toErrorBody(errors: ValidationError[]): ApiErrorBody {
  const fields = flatten(errors);
  return {
    statusCode: 400,
    code: 'VALIDATION_FAILED',
    message: fields.map((f) => `${f.field}: ${f.reason}`).join('; '),
    fields,
  };
}

function flatten(errors: ValidationError[], parent = ''): { field: string; reason: string }[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({
      field,
      reason: reason.replace(/^property \S+ /, '').replace(new RegExp(`^${error.property} `), ''),
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
