/**
 * The occupancy chart: a PNG line chart of users over time, rendered on the server with
 * @napi-rs/canvas (Skia; prebuilt, no system packages). Fixed size, fixed colours, axes with
 * labels, the room's capacity as a red line when known. Everything is placed on whole pixels
 * from `chartLayout`, so tests can find the lines where they must be.
 */

import { createRequire } from 'node:module';
import type { Canvas, SKRSContext2D } from '@napi-rs/canvas';
import type { SeriesPoint } from '../state/index.ts';
import { tickTimes } from './chart-ticks.ts';

/**
 * Skia is loaded with the first chart, not at start-up: it adds about 15 MB to the resident
 * memory of a bot that may never draw one (`npm run bench`, the idle memory figure).
 */
const loadModule = createRequire(import.meta.url);
type CanvasFactory = (width: number, height: number) => Canvas;
let canvasFactory: CanvasFactory | undefined;
function createCanvas(width: number, height: number): Canvas {
  canvasFactory ??= (loadModule('@napi-rs/canvas') as { createCanvas: CanvasFactory }).createCanvas;
  return canvasFactory(width, height);
}

export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 400;

/** Deterministic colours (CSS hex), the same on every platform and every run. */
export const CHART_COLOURS = {
  background: '#ffffff',
  users: '#2563eb',
  usersFill: 'rgba(37, 99, 235, 0.16)',
  capacity: '#dc2626',
  grid: '#e5e7eb',
  axis: '#6b7280',
  text: '#111827',
  muted: '#6b7280',
} as const;

const FONT_FAMILY = '"DejaVu Sans", "Liberation Sans", "Helvetica Neue", Arial, sans-serif';
const MARGIN = { left: 58, right: 24, top: 48, bottom: 46 } as const;

export interface ChartInput {
  /** e.g. `Lobby (1)`, `Logged-in users (group default)`. */
  readonly title: string;
  /** The period shown, ms since the epoch: [from, to). */
  readonly from: number;
  readonly to: number;
  readonly points: readonly SeriesPoint[];
  /** Drawn as a line when known. */
  readonly capacity?: number;
  /** IANA zone for the time axis; default the process's. */
  readonly timeZone?: string;
}

export interface ChartLayout {
  readonly width: number;
  readonly height: number;
  readonly plot: {
    readonly left: number;
    readonly top: number;
    readonly right: number;
    readonly bottom: number;
  };
  /** The value at the top of the y axis. */
  readonly yMax: number;
  readonly yStep: number;
  /** The pixel row of a value (whole pixels; the capacity line covers this row and the one above). */
  yOf(value: number): number;
  /** The pixel column of a time. */
  xOf(at: number): number;
}

/** Where everything goes: the plot area and the scales, from the data alone. */
export function chartLayout(input: Pick<ChartInput, 'from' | 'to' | 'points' | 'capacity'>): ChartLayout {
  const plot = {
    left: MARGIN.left,
    top: MARGIN.top,
    right: CHART_WIDTH - MARGIN.right,
    bottom: CHART_HEIGHT - MARGIN.bottom,
  };
  let highest = input.capacity ?? 0;
  for (const point of input.points) highest = Math.max(highest, point.users, point.peak);
  const top = Math.max(highest, 4);
  const yStep = niceStep(top / 4);
  // A little headroom, so the capacity line and the peak never sit on the frame.
  const yMax = Math.max(yStep, Math.ceil((top * 1.05) / yStep) * yStep);
  const span = Math.max(1, input.to - input.from);
  const height = plot.bottom - plot.top;
  const width = plot.right - plot.left;
  return {
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    plot,
    yMax,
    yStep,
    yOf: (value) => Math.round(plot.bottom - (value / yMax) * height),
    xOf: (at) => plot.left + ((at - input.from) / span) * width,
  };
}

/** The chart as PNG bytes. */
export async function renderChart(input: ChartInput): Promise<Buffer> {
  return drawChart(input).encode('png');
}

/** The same, synchronously (for benchmarks and callers on a synchronous path). */
export function renderChartSync(input: ChartInput): Buffer {
  return drawChart(input).encodeSync('png');
}

function drawChart(input: ChartInput) {
  const layout = chartLayout(input);
  const canvas = createCanvas(layout.width, layout.height);
  const context = canvas.getContext('2d');
  const { plot } = layout;

  context.fillStyle = CHART_COLOURS.background;
  context.fillRect(0, 0, layout.width, layout.height);

  drawTitle(context, input, layout);
  drawYAxis(context, layout);
  drawXAxis(context, input, layout);

  if (input.points.length === 0) {
    context.fillStyle = CHART_COLOURS.muted;
    context.font = `14px ${FONT_FAMILY}`;
    context.textAlign = 'center';
    context.textBaseline = 'middle';
    context.fillText(
      'No occupancy recorded in this period',
      (plot.left + plot.right) / 2,
      (plot.top + plot.bottom) / 2,
    );
  } else {
    drawSeries(context, input.points, layout);
  }

  if (input.capacity !== undefined) {
    const y = layout.yOf(input.capacity);
    context.fillStyle = CHART_COLOURS.capacity;
    // Two whole rows, no anti-aliasing: the colour is exact on rows y - 1 and y.
    context.fillRect(plot.left, y - 1, plot.right - plot.left, 2);
    context.font = `11px ${FONT_FAMILY}`;
    context.textAlign = 'right';
    context.textBaseline = 'bottom';
    context.fillText(`capacity ${input.capacity}`, plot.right - 4, y - 4);
  }

  // The frame last, over the ends of the lines.
  context.strokeStyle = CHART_COLOURS.axis;
  context.lineWidth = 1;
  context.beginPath();
  context.moveTo(plot.left + 0.5, plot.top);
  context.lineTo(plot.left + 0.5, plot.bottom + 0.5);
  context.lineTo(plot.right, plot.bottom + 0.5);
  context.stroke();
  return canvas;
}

function drawTitle(context: SKRSContext2D, input: ChartInput, layout: ChartLayout): void {
  context.fillStyle = CHART_COLOURS.text;
  context.font = `bold 16px ${FONT_FAMILY}`;
  context.textAlign = 'left';
  context.textBaseline = 'alphabetic';
  context.fillText(input.title, 16, 28, layout.width - 260);
  // The legend, right-aligned: users, then capacity when drawn.
  context.font = `12px ${FONT_FAMILY}`;
  let x = layout.width - MARGIN.right;
  const entries: Array<[string, string]> = [['users', CHART_COLOURS.users]];
  if (input.capacity !== undefined) entries.push(['capacity', CHART_COLOURS.capacity]);
  for (const [label, colour] of entries.reverse()) {
    const textWidth = context.measureText(label).width;
    context.fillStyle = CHART_COLOURS.text;
    context.textAlign = 'right';
    context.fillText(label, x, 28);
    x -= textWidth + 6;
    context.fillStyle = colour;
    context.fillRect(x - 14, 21, 14, 4);
    x -= 30;
  }
}

function drawYAxis(context: SKRSContext2D, layout: ChartLayout): void {
  const { plot } = layout;
  context.font = `11px ${FONT_FAMILY}`;
  context.textAlign = 'right';
  context.textBaseline = 'middle';
  for (let value = 0; value <= layout.yMax + 1e-9; value += layout.yStep) {
    const y = layout.yOf(value);
    if (value > 0) {
      context.fillStyle = CHART_COLOURS.grid;
      context.fillRect(plot.left + 1, y, plot.right - plot.left - 1, 1);
    }
    context.fillStyle = CHART_COLOURS.muted;
    context.fillText(formatCount(value), plot.left - 8, y);
  }
  context.save();
  context.translate(16, (plot.top + plot.bottom) / 2);
  context.rotate(-Math.PI / 2);
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  context.fillText('users', 0, 0);
  context.restore();
}

const TICK_STEPS_MS = [
  5,
  10,
  15,
  30,
  60,
  120,
  180,
  360,
  720,
  1440,
  2 * 1440,
  7 * 1440,
  14 * 1440,
  28 * 1440,
].map((minutes) => minutes * 60_000);

function drawXAxis(context: SKRSContext2D, input: ChartInput, layout: ChartLayout): void {
  const { plot } = layout;
  const span = input.to - input.from;
  const step = TICK_STEPS_MS.find((candidate) => span / candidate <= 8) ?? span;
  const zone = input.timeZone;
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const day = new Intl.DateTimeFormat('en-GB', { timeZone: zone, day: 'numeric', month: 'short' });
  context.font = `11px ${FONT_FAMILY}`;
  context.textAlign = 'center';
  context.textBaseline = 'top';
  for (const at of tickTimes(input.from, input.to, step, zone)) {
    const x = Math.round(layout.xOf(at));
    if (x < plot.left || x > plot.right) continue;
    context.fillStyle = CHART_COLOURS.grid;
    context.fillRect(x, plot.top, 1, plot.bottom - plot.top);
    context.fillStyle = CHART_COLOURS.axis;
    context.fillRect(x, plot.bottom, 1, 5);
    const clock = time.format(at);
    const label = step >= 1440 * 60_000 || clock === '00:00' ? day.format(at) : clock;
    context.fillStyle = CHART_COLOURS.muted;
    context.fillText(label, x, plot.bottom + 8);
  }
  context.textAlign = 'right';
  context.fillText(`time (${zone ?? localZone()})`, plot.right, plot.bottom + 26);
}

function localZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function drawSeries(context: SKRSContext2D, points: readonly SeriesPoint[], layout: ChartLayout): void {
  const { plot } = layout;
  const segments: Array<Array<[number, number]>> = [];
  let current: Array<[number, number]> = [];
  let previous: SeriesPoint | undefined;
  for (const point of points) {
    // A gap longer than two samples (the bot was not running, the folder was missing) breaks the line.
    if (previous !== undefined && point.at - previous.at > 2 * Math.max(point.spanMs, previous.spanMs)) {
      segments.push(current);
      current = [];
    }
    const x = Math.min(plot.right, Math.max(plot.left, layout.xOf(point.at + point.spanMs / 2)));
    current.push([x, layout.yOf(point.users)]);
    previous = point;
  }
  segments.push(current);

  for (const segment of segments) {
    const first = segment[0];
    const last = segment.at(-1);
    if (first === undefined || last === undefined) continue;
    context.fillStyle = CHART_COLOURS.usersFill;
    context.beginPath();
    context.moveTo(first[0], plot.bottom);
    for (const [x, y] of segment) context.lineTo(x, y);
    context.lineTo(last[0], plot.bottom);
    context.closePath();
    context.fill();

    context.strokeStyle = CHART_COLOURS.users;
    context.lineWidth = 2;
    context.lineJoin = 'round';
    context.beginPath();
    context.moveTo(first[0], first[1]);
    for (const [x, y] of segment) context.lineTo(x, y);
    // A lone sample is a dot rather than nothing.
    if (segment.length === 1) context.lineTo(first[0] + 2, first[1]);
    context.stroke();
  }
}

/** 1, 2 or 5 times a power of ten, at least `rough`. */
function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(rough, 1e-9)));
  for (const factor of [1, 2, 5, 10]) if (factor * power >= rough) return Math.max(1, factor * power);
  return Math.max(1, 10 * power);
}

function formatCount(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
