import { timingSafeEqual, createHash } from 'node:crypto';
import {
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { API_KEY_HEADER } from '@ffe/contracts';
import type { FastifyRequest } from 'fastify';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.tokens';
import { isApiRoute } from './api-route';

/**
 * Fails closed: any route registered under /api/v1, however the request spelled it, needs
 * X-API-Key whatever decorators it has, unless auth was disabled explicitly at start. The open routes (health, metrics, docs) live elsewhere.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly expectedDigest: Buffer | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const key = config.auth.apiKey;
    this.expectedDigest = key === undefined ? undefined : digest(key);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!isApiRoute(request) || this.config.auth.disabled) return true;
    const given = request.headers[API_KEY_HEADER];
    if (typeof given !== 'string' || given.length === 0) {
      throw new UnauthorizedException('X-API-Key header is required');
    }
    // Comparing fixed-length digests keeps the comparison constant-time whatever the input length.
    if (!this.expectedDigest || !timingSafeEqual(digest(given), this.expectedDigest)) {
      throw new ForbiddenException('X-API-Key is not valid');
    }
    return true;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
