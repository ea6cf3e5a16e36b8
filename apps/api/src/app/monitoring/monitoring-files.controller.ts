import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { API_PREFIX } from '@ffe/contracts';
import { NotFoundError } from '@ffe/domain';
import { MonitoringFiles, type Dashboard, type RuleGroup } from './monitoring-files';

const DEFAULT_DASHBOARD = 'featurestore-slo';

/** Serves what the stack is monitored with: the rule groups Prometheus loads, the dashboards. */
@ApiTags('monitoring')
@Controller(`${API_PREFIX}/monitoring`)
export class MonitoringFilesController {
  constructor(private readonly files: MonitoringFiles) {}

  @Get('alerts/rules')
  @ApiOperation({
    summary:
      'The alerting and recording rule groups Prometheus loads (monitoring/prometheus/rules)',
  })
  rules(): { groups: RuleGroup[] } {
    return { groups: this.files.ruleGroups() };
  }

  @Get('dashboard')
  @ApiOperation({ summary: 'A provisioned Grafana dashboard JSON; FeatureStore SLO by default' })
  @ApiQuery({ name: 'uid', required: false, example: DEFAULT_DASHBOARD })
  dashboard(@Query('uid') uid: string = DEFAULT_DASHBOARD): Dashboard {
    const dashboard = this.files.dashboard(uid);
    if (!dashboard) {
      const known = this.files.dashboards().map((d) => d.uid);
      throw new NotFoundError(
        'DASHBOARD.NOT_FOUND',
        `no dashboard "${uid}"; known: ${known.join(', ')}`,
      );
    }
    return dashboard;
  }
}
