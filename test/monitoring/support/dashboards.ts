import {
  MonitoringFiles,
  type Dashboard,
} from '../../../apps/api/src/app/monitoring/monitoring-files';
import { MONITORING } from './paths';

export interface PanelQuery {
  dashboard: string;
  panel: string;
  refId: string;
  expr: string;
}

interface Panel {
  id?: number;
  type?: string;
  title?: string;
  datasource?: { type?: string; uid?: string };
  targets?: { refId?: string; expr?: string; datasource?: { type?: string; uid?: string } }[];
  panels?: Panel[];
}

export function dashboards(): Dashboard[] {
  return new MonitoringFiles(MONITORING).dashboards();
}

/** Every panel, rows unfolded. */
export function panelsOf(dashboard: Dashboard): Panel[] {
  const top = (dashboard.panels ?? []) as Panel[];
  return top.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
}

/** Every query of every panel of every dashboard. */
export function panelQueries(): PanelQuery[] {
  return dashboards().flatMap((dashboard) =>
    panelsOf(dashboard).flatMap((panel) =>
      (panel.targets ?? []).map((target) => ({
        dashboard: dashboard.uid,
        panel: panel.title ?? `#${panel.id}`,
        refId: target.refId ?? '?',
        expr: target.expr ?? '',
      })),
    ),
  );
}
