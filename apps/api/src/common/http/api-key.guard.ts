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
import { isApiRoute, matchedRoute } from './api-route';
import { scopeRefusal, type KeyScope } from './key-scopes';

interface KnownKey {
  scope: KeyScope;
  digest: Buffer;
}

/**
 * Fails closed: any route registered under /api/v1, however the request spelled it, needs
 * X-API-Key whatever decorators it has, unless auth was disabled explicitly at start. The open
 * routes (health, metrics, docs) live elsewhere. A scoped key beyond its scope is a 403 naming it.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly keys: KnownKey[];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const { apiKey, readApiKey, killApiKey } = config.auth;
    const configured: [KeyScope, string | undefined][] = [
      ['full', apiKey],
      ['read', readApiKey],
      ['kill', killApiKey],
    ];
    this.keys = configured
      .filter((entry): entry is [KeyScope, string] => entry[1] !== undefined)
      .map(([scope, key]) => ({ scope, digest: digest(key) }));
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!isApiRoute(request) || this.config.auth.disabled) return true;
    const given = request.headers[API_KEY_HEADER];
    if (typeof given !== 'string' || given.length === 0) {
      throw new UnauthorizedException('X-API-Key header is required');
    }
    const scope = this.scopeOf(given);
    if (!scope) throw new ForbiddenException('X-API-Key is not valid');
    const refusal = scopeRefusal(scope, request.method, matchedRoute(request) ?? '');
    if (refusal) throw new ForbiddenException(refusal);
    return true;
  }

  /**
   * Compares against every key, without stopping at a match, and on fixed-length digests: the
   * time taken says nothing about the input's length or which key it is close to.
   */
  private scopeOf(given: string): KeyScope | undefined {
    const candidate = digest(given);
    let found: KeyScope | undefined;
    for (const key of this.keys) {
      if (timingSafeEqual(candidate, key.digest)) found = key.scope;
    }
    return found;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
