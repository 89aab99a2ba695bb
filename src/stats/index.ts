/**
 * Occupancy history and charts: samples of the status files recorded in SQLite (minutes, then
 * hours), `/chat stats` charts rendered as PNG, and the last hour's chart for alerts.
 */

export { formatAverage, formatMoment } from './format-moment.ts';
export { OccupancyRecorder, type OccupancyRecorderOptions } from './occupancy-recorder.ts';
export {
  DEFAULT_RAW_FOR_MS,
  DEFAULT_RETENTION_MS,
  HOUR_MS,
  type MaintenanceResult,
  MINUTE_MS,
  type OccupancySample,
  OccupancyStore,
  type OccupancyTotals,
  type Resolution,
  type SeriesPoint,
  type SeriesQuery,
  type StoreCounts,
  type StoreOptions,
} from './occupancy-store.ts';
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
