/**
 * Occupancy history and charts: samples of the status feed recorded in the state store (minutes,
 * then hours), `/chat stats` charts rendered as PNG, and the last hour's chart for alerts.
 */

export type {
  HistoryCounts,
  MaintenanceResult,
  OccupancySample,
  OccupancyTotals,
  Resolution,
  SeriesPoint,
  SeriesQuery,
} from '../state/index.ts';
export { DEFAULT_RAW_FOR_MS, DEFAULT_RETENTION_MS, HOUR_MS, MINUTE_MS } from './durations.ts';
export { formatAverage, formatMoment } from './format-moment.ts';
export { importOldHistory, type OldHistoryImport } from './import-old-history.ts';
export { OccupancyHistory, type OccupancyHistoryOptions } from './occupancy-history.ts';
export { OccupancyRecorder, type OccupancyRecorderOptions } from './occupancy-recorder.ts';
export {
  DEFAULT_PERIOD,
  describePeriod,
  formatPeriod,
  looksLikePeriod,
  MAX_PERIOD_MS,
  MIN_PERIOD_MS,
  periodToMs,
  periodValue,
} from './period.ts';
export {
  CHART_COLOURS,
  CHART_HEIGHT,
  CHART_WIDTH,
  type ChartInput,
  type ChartLayout,
  chartLayout,
  renderChart,
  renderChartSync,
} from './render-chart.ts';
export { SPARKLINE_WIDTH, sparkline } from './sparkline.ts';
export {
  type ChartRequest,
  DisabledStats,
  MINUTE_CHART_LIMIT_MS,
  type OccupancyChart,
  OccupancyStats,
  type OccupancyStatsOptions,
  type StatsService,
  summarise,
} from './stats-service.ts';
