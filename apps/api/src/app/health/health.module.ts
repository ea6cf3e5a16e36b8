import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { HealthRegistry } from './health-registry';
import { QueueHealth, RedisHealth } from './redis.health';

@Global()
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [HealthRegistry, RedisHealth, QueueHealth],
  exports: [HealthRegistry],
})
export class HealthModule {}
