/**
 * A run's status tracker: the handler's tracking schedule (core's `scheduleFor`: 10 s, 30 s, 1, 2, 5, 15 minutes,
 * 1 hour after sending, then hourly up to 24 hours), kept beside the journal in `<run>.status.json`. However often
 * `status` runs (by hand, in a loop, from cron), each device's action status is read at most once per point of
 * the schedule, only while the device is not final, and not after the schedule's last point (24 hours): a
 * first `status` reads each sent device once, then at most 7 reads per device follow in the first hour. Between
 * points, `status` answers from the file without calling Hexnode, except for devices a resumed run sent since
 * (read once, by themselves).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { nextScheduled, scheduleFor, trackedUntil, type HexnodeClient } from '@hexnode-offboard/core';
import { replay } from './apply.js';
import type { JournalEntry } from './journal.js';
import type { PlanAction } from './plan-types.js';
import { FINAL, runStatus, type DeviceStatus } from './status.js';

export interface RunTracking {
  /** When the run's first batch was sent (epoch ms); null: nothing sent yet. */
  sentAt: number | null;
  /** When Hexnode was last read for this run; null: never. */
  checkedAt: number | null;
  /** The next point of the schedule; null: every device is final, or the schedule is over. */
  nextCheckAt: number | null;
  /** After this, a device still pending stays as it is. */
  trackedUntil: number | null;
  devices: DeviceStatus[];
}

export interface TrackOptions {
  /** Hexnode's minute as the budget counts it (a shortened one shortens the schedule). Default 60 000. */
  windowMs?: number;
  now?: () => number;
}

const statusFile = (journal: string): string => journal.replace(/\.jsonl$/, '') + '.status.json';

function load(file: string): RunTracking | null {
  if (!existsSync(file)) return null;
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as RunTracking;
    return Array.isArray(saved.devices) ? saved : null;
  } catch {
    return null; // a file cut short by a crash: read Hexnode again
  }
}

function save(file: string, tracking: RunTracking): void {
  // One temporary file per process: two `status` runs at once each replace the file whole.
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(tracking));
  renameSync(temporary, file);
}

/** The run's status: from the file between points of the schedule, else read (the devices not yet final). */
export async function trackRun(
  client: HexnodeClient,
  action: PlanAction,
  journal: string,
  entries: readonly JournalEntry[],
  options: TrackOptions = {},
): Promise<RunTracking> {
  const now = (options.now ?? Date.now)();
  const schedule = scheduleFor(undefined, options.windowMs ?? 60_000);
  const sent = [...replay(entries).sent];
  const firstSent = entries.find((entry) => entry.type === 'sent');
  const sentAt = firstSent ? Date.parse(firstSent.at) : null;
  const file = statusFile(journal);
  const saved = load(file);
  const known = new Map((saved?.devices ?? []).map((device) => [device.id, device]));
  const unread = sent.filter((id) => !known.has(id));
  const atPoint = saved === null || (saved.nextCheckAt !== null && now >= saved.nextCheckAt);
  if ((!atPoint && unread.length === 0) || sentAt === null) {
    return saved ?? { sentAt, checkedAt: null, nextCheckAt: null, trackedUntil: null, devices: [] };
  }
  // At a point of the schedule, every device not yet final; between points, only the devices sent since the
  // last read (a resumed run), which have no status yet.
  const open = atPoint ? sent.filter((id) => !FINAL.includes(known.get(id)?.state ?? 'unknown')) : unread;
  for (const device of await runStatus(client, action, entries, open)) known.set(device.id, device);
  const devices = sent.map((id) => known.get(id)!);
  const allFinal = devices.every((device) => FINAL.includes(device.state));
  const next =
    atPoint || saved?.nextCheckAt == null ? nextScheduled(sentAt, now, schedule) : saved.nextCheckAt;
  const tracking: RunTracking = {
    sentAt,
    checkedAt: now,
    nextCheckAt: allFinal ? null : next,
    trackedUntil: trackedUntil(sentAt, schedule),
    devices,
  };
  save(file, tracking);
  return tracking;
}
