import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { renderChartBenchmark } from '../../src/stats/benchmark.ts';
import { MINUTE_MS, type SeriesPoint } from '../../src/stats/index.ts';
import {
  CHART_COLOURS,
  type ChartInput,
  chartLayout,
  renderChart,
  renderChartSync,
} from '../../src/stats/render-chart.ts';
import { sparkline } from '../../src/stats/sparkline.ts';

const TO = Date.UTC(2026, 10, 28, 18, 0);
const FROM = TO - 24 * 60 * MINUTE_MS;

/**
 * The layout as the README describes it ("Occupancy history and charts"), written out here so
 * that the pixels are looked for where the documentation puts them, not where the layout
 * function says: 800 × 400 pixels, the plot from x 58 to 776 and from y 48 (top) to 354 (the
 * zero line), so 718 pixels of time and 306 of users. The y axis runs from 0 to a round top: a
 * step of 1, 2 or 5 × 10ⁿ of at least a quarter of the highest value (capacity or peak), and the
 * first multiple of the step at or above that value plus 5 %. Each expected row and column
 * below is worked out by hand from these numbers.
 */
const PLOT = { left: 58, right: 776, top: 48, bottom: 354 } as const;
/** Time from FROM to TO across the plot: column = 58 + minute / 1440 × 718. */
const column = (minute: number) => Math.round(PLOT.left + (minute / 1440) * (PLOT.right - PLOT.left));

/** One point a minute over the day, `users(index)` users. */
function day(
  users: (index: number) => number,
  skip: (index: number) => boolean = () => false,
): SeriesPoint[] {
  const points: SeriesPoint[] = [];
  for (let index = 0; index < 1440; index += 1) {
    if (skip(index)) continue;
    const value = users(index);
    points.push({ at: FROM + index * MINUTE_MS, spanMs: MINUTE_MS, users: value, peak: value });
  }
  return points;
}

type Rgba = [number, number, number, number];

async function pixels(
  png: Buffer,
): Promise<{ width: number; height: number; at(x: number, y: number): Rgba }> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const data = context.getImageData(0, 0, image.width, image.height).data;
  return {
    width: image.width,
    height: image.height,
    at(x, y) {
      const offset = (Math.round(y) * image.width + Math.round(x)) * 4;
      return [data[offset] ?? -1, data[offset + 1] ?? -1, data[offset + 2] ?? -1, data[offset + 3] ?? -1];
    },
  };
}

function rgb(hex: string): Rgba {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255, 255];
}

function near(actual: Rgba, expected: Rgba, tolerance = 10): boolean {
  return actual.every((channel, index) => Math.abs(channel - (expected[index] ?? 0)) <= tolerance);
}

const LOBBY: ChartInput = {
  title: 'Lobby (1) · last 24 hours',
  from: FROM,
  to: TO,
  // 20 users all day, but 60 from minute 600 to 659.
  points: day((index) => (index >= 600 && index < 660 ? 60 : 20)),
  capacity: 100,
  timeZone: 'UTC',
};

describe('the occupancy chart (PNG, @napi-rs/canvas)', () => {
  it('is a valid PNG of 800 × 400: the signature, the IHDR size, and a decoder agrees', async () => {
    const png = await renderChart(LOBBY);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(800);
    expect(png.readUInt32BE(20)).toBe(400);
    const image = await pixels(png);
    expect([image.width, image.height]).toEqual([800, 400]);
  });

  it('the layout function agrees with the documented layout', () => {
    const layout = chartLayout(LOBBY);
    expect(layout.plot).toEqual(PLOT);
    // Capacity 100 is the highest value: a step of 50 (≥ 100 / 4), the top 150 (≥ 105).
    expect([layout.yStep, layout.yMax]).toEqual([50, 150]);
    expect([layout.yOf(0), layout.yOf(100), layout.yOf(150)]).toEqual([354, 150, 48]);
    expect([layout.xOf(FROM), layout.xOf(TO)]).toEqual([58, 776]);
  });

  it('draws the capacity line in its colour on its row, across the plot', async () => {
    const image = await pixels(await renderChart(LOBBY));
    // Axis 0–150 on 306 rows: 100 is on row 354 − 100/150 × 306 = 150, drawn on rows 149 and 150.
    const row = 150;
    const red = rgb(CHART_COLOURS.capacity);
    for (const x of [78, 300, 500, 576]) {
      expect(image.at(x, row), `x ${x}`).toEqual(red);
      expect(image.at(x, row - 1), `x ${x}`).toEqual(red);
      // Above the line and the headroom: the background.
      expect(image.at(x, row - 12), `x ${x}`).not.toEqual(red);
    }
  });

  it('draws the users where the series puts them: the line on its row, filled below, white above', async () => {
    const image = await pixels(await renderChart(LOBBY));
    const blue = rgb(CHART_COLOURS.users);
    // Axis 0–150: 20 users on row 354 − 40.8 ≈ 313, 60 users on row 354 − 122.4 ≈ 232.
    const [at20, at60] = [313, 232];
    // Minute 300 (05:00): 20 users, column 208; minute 630 (10:30): 60 users, column 372.
    const [quiet, busy] = [column(300), column(630)];
    expect([quiet, busy]).toEqual([208, 372]);
    expect(near(image.at(quiet, at20), blue, 40)).toBe(true);
    expect(near(image.at(busy, at60), blue, 40)).toBe(true);
    // Below the line: the light fill (more blue than red); well above it: white.
    const fill = image.at(quiet, (at20 + PLOT.bottom) / 2);
    expect(fill[2]).toBeGreaterThan(fill[0] + 10);
    expect(image.at(quiet, at60)).toEqual(rgb(CHART_COLOURS.background));
  });

  it('breaks the line where nothing was recorded, and draws no capacity line when none is known', async () => {
    const input: ChartInput = {
      ...LOBBY,
      capacity: undefined,
      points: day(
        () => 30,
        (index) => index >= 700 && index < 800,
      ),
    };
    const image = await pixels(await renderChart(input));
    // 30 users at most: a step of 10 (≥ 7.5), the top 40 (≥ 31.5); 30 is on row 354 − 229.5 ≈ 125.
    const row = 125;
    const blue = rgb(CHART_COLOURS.users);
    // Minute 750 is in the gap (column 432), minute 650 before it (column 382).
    const [gap, before] = [column(750), column(650)];
    expect([gap, before]).toEqual([432, 382]);
    expect(near(image.at(before, row), blue, 40)).toBe(true);
    // In the gap: neither the line nor the fill under it (30 is also a grid line, so not plain white).
    expect(near(image.at(gap, row), blue, 60)).toBe(false);
    const under = image.at(gap, row + 15);
    expect(under).toEqual(rgb(CHART_COLOURS.background));
    const red = rgb(CHART_COLOURS.capacity);
    for (let y = PLOT.top; y < PLOT.bottom; y += 1) expect(image.at(400, y)).not.toEqual(red);
  });

  it('an empty period is a chart that says so, with no line in it', async () => {
    const input: ChartInput = { ...LOBBY, points: [], capacity: undefined };
    const image = await pixels(await renderChart(input));
    const blue = rgb(CHART_COLOURS.users);
    for (let x = PLOT.left + 2; x < PLOT.right; x += 7) {
      for (let y = PLOT.top; y < PLOT.bottom; y += 5) {
        expect(near(image.at(x, y), blue, 30), `${x},${y}`).toBe(false);
      }
    }
  });

  it('renders the same bytes for the same input (deterministic), synchronously too', async () => {
    const first = await renderChart(LOBBY);
    expect((await renderChart(LOBBY)).equals(first)).toBe(true);
    expect(renderChartSync(LOBBY).equals(first)).toBe(true);
  });

  it('the benchmark helper renders 24 h of one-minute samples and reports every sample (the time is `npm run bench`’s)', async () => {
    // How fast is measured in the benchmark only (bench/figures/stats-charts.ts, target p50 <= 50 ms).
    const result = await renderChartBenchmark({ iterations: 3, warmup: 1 });
    expect(result.points).toBe(1440);
    expect(result.samplesMs).toHaveLength(3);
    for (const sample of result.samplesMs) expect(Number.isFinite(sample)).toBe(true);
    expect(result.pngBytes).toBeGreaterThan(0);
  });
});

describe('the sparkline', () => {
  it('one character per slice of the period, ▁ for nobody, █ for the busiest slice, a space where nothing was recorded', () => {
    const rising = day((index) => Math.floor(index / 180) * 10);
    expect(sparkline(rising, FROM, TO, 8)).toBe('▁▂▃▄▅▆▇█');
    const gap = day(
      (index) => Math.floor(index / 180) * 10,
      (index) => index >= 540 && index < 720,
    );
    expect(sparkline(gap, FROM, TO, 8)).toBe('▁▂▃ ▅▆▇█');
    expect(
      sparkline(
        day(() => 0),
        FROM,
        TO,
        4,
      ),
    ).toBe('▁▁▁▁');
    expect(sparkline([], FROM, TO, 4)).toBe('    ');
  });
});
