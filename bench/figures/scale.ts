import { DEFAULT_DEBOUNCE_MS } from '../../src/status/index.ts';
import { type BenchOptions, type Figure, latency, ms } from '../figure.ts';
import { POLL_INTERVAL_MS, type ScaleResult, type ScaleSource, scaleRun } from '../scale/scale-run.ts';

const CPU_PER_CHANGE_TARGET_MS = 0.03;
const RSS_TARGET_MB = 200;
/** Past the wait the source imposes (the debounce window is within it for the files). */
const ALERT_ALLOWANCE_MS = 300;

const SOURCE_NAMES: Record<ScaleSource, string> = { files: 'status files', dataApi: 'Data API' };

/**
 * The scale figures of one source: a big server under churn, the bot reading its status files or
 * its Data API (see bench/scale/scale-run.ts), each figure beside its reference from the same run.
 */
export async function scaleFigures(source: ScaleSource, options: BenchOptions): Promise<Figure[]> {
  const result = await scaleRun(source, options);
  return [cpuPerChange(result), memoryUnderChurn(result), alertUnderChurn(result), ...commands(result)];
}

function prefix(result: ScaleResult): string {
  const { size } = result;
  return `scale, ${SOURCE_NAMES[result.source]} (${size.rooms.toLocaleString('en')} rooms × ${size.usersPerRoom}, ${size.changesPerSecond} changes/s for ${size.seconds} s)`;
}

function details(result: ScaleResult): Record<string, unknown> {
  return { source: result.source, size: result.size, pollIntervalMs: POLL_INTERVAL_MS };
}

function cpuPerChange(result: ScaleResult): Figure {
  const perChange = result.botCpuMs / result.changes;
  const shareOfCore = result.botCpuMs / result.windowMs;
  const judged = result.source === 'files';
  return {
    name: `${prefix(result)}: bot CPU per room change`,
    measured: `${perChange.toFixed(3)} ms (${(shareOfCore * 100).toFixed(0)}% of a core; ${result.changes} changes)`,
    reference: `reading the changed files alone ${result.reference.cpuMsPerFile.toFixed(3)} ms a file (readFileSync ${result.reference.syncCpuMsPerFile.toFixed(3)} ms)${watchingAlone(result)}`,
    value: perChange,
    target: judged ? `<= ${CPU_PER_CHANGE_TARGET_MS} ms` : 'reported',
    met: judged ? perChange <= CPU_PER_CHANGE_TARGET_MS : true,
    details: {
      ...details(result),
      botCpuMs: result.botCpuMs,
      windowMs: result.windowMs,
      changes: result.changes,
      cpuMsPerChange: perChange,
      emulatorCpuMs: result.emulatorCpuMs,
      reference: result.reference,
      watchOnly: result.watchOnly,
    },
  };
}

/** A process that only watched the folder: the kernel's events and Node's callbacks, nothing read. */
function watchingAlone(result: ScaleResult): string {
  const watched = result.watchOnly;
  if (watched === undefined) return '';
  return `; watching the folder alone ${(watched.cpuMs / result.changes).toFixed(3)} ms a change (${(watched.events / result.changes).toFixed(1)} events a change)`;
}

function memoryUnderChurn(result: ScaleResult): Figure {
  const { peak, idle } = result;
  return {
    name: `${prefix(result)}: bot RSS under churn (peak)`,
    measured: `${peak.rssMb.toFixed(0)} MB (heap ${peak.heapUsedMb.toFixed(0)} MB)`,
    reference: `before the churn, every room read ${idle.rssMb.toFixed(0)} MB (heap ${idle.heapUsedMb.toFixed(0)} MB)`,
    value: peak.rssMb,
    target: `<= ${RSS_TARGET_MB} MB`,
    met: peak.rssMb <= RSS_TARGET_MB,
    details: { ...details(result), peak, idle },
  };
}

function alertUnderChurn(result: ScaleResult): Figure {
  const summary = result.alertLatency;
  const files = result.source === 'files';
  const limitMs = files ? ALERT_ALLOWANCE_MS : POLL_INTERVAL_MS + ALERT_ALLOWANCE_MS;
  return {
    name: `${prefix(result)}: alert latency of a crossing, chat server's change to Slack post`,
    measured: `${latency(summary)} (${summary.count} crossings)`,
    reference: files
      ? `production debounce ${DEFAULT_DEBOUNCE_MS} ms`
      : `poll interval ${POLL_INTERVAL_MS} ms`,
    value: summary.p50,
    target: `p50 <= ${limitMs} ms`,
    met: summary.p50 <= limitMs,
    details: { ...details(result), latency: summary },
  };
}

function commands(result: ScaleResult): Figure[] {
  const whoReference =
    result.source === 'files' ? 'the room file read alone' : 'GET roomonlineusers.xml alone';
  return [
    { command: '/chat rooms', timed: result.rooms, reference: 'GET rooms.xml alone' },
    { command: '/chat who', timed: result.who, reference: whoReference },
  ].map(({ command, timed, reference }) => ({
    name: `${prefix(result)}: ${command} during churn`,
    measured: latency(timed.measured),
    reference: `${reference} p50 ${ms(timed.reference.p50)}, p99 ${ms(timed.reference.p99)}`,
    value: timed.measured.p50,
    target: 'reported',
    met: true,
    details: { ...details(result), ...timed },
  }));
}
