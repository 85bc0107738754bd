/**
 * Running a plan, exactly once per device across crashes: the journal gets an `intent` line (fsynced) before each
 * Hexnode action; a run that finds an intent without its outcome reads those devices' action status and counts
 * a command of this action created since as sent, so a device is never sent the same action twice and a leaver
 * is never skipped. One apply per plan at a time (a lock file next to the journal).
 */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import {
  HEXNODE_ACTIONS,
  HexnodeError,
  certainlyNotActed,
  hexnodeActionOf,
  sendProtocolAction,
  type HexnodeClient,
  type HexnodeDirectory,
} from '@hexnode-offboard/core';
import type { Connection } from './connection.js';
import { OffboardError } from './errors.js';
import { Journal, type JournalEntry } from './journal.js';
import { takeLock } from './lock-file.js';
import { devicesToAct, type OffboardPlan } from './plan-types.js';
import { recheckOwnership } from './recheck.js';
import { checkApproval } from './signing.js';

export type ApplyProgress =
  | { type: 'start'; total: number; done: number }
  | { type: 'recheck'; method: 'lists' | 'details'; verified: number; refused: number }
  | { type: 'batch'; devices: number; done: number; total: number }
  | { type: 'uncertain'; devices: number; reason: string };

export interface ApplyOptions {
  connection: Connection;
  /** A plan already verified with `verifyPlan`. */
  plan: OffboardPlan;
  key: string;
  /** Where journals (`<plan id>.jsonl`) and their lock files live. */
  journalDir: string;
  /** Plans acting on more devices need an approval by someone else. */
  approvalThreshold: number;
  /** Most devices one Hexnode action names. Default 100. */
  batchSize?: number;
  /** Send passes per run (a pass resends what Hexnode certainly did not act on). Default 4. */
  maxPasses?: number;
  onProgress?: (event: ApplyProgress) => void;
  now?: () => Date;
  /** The directory the plan was made with in this process: its lists, while fresh, serve the re-check. */
  directory?: HexnodeDirectory;
}

export interface ApplyResult {
  journal: string;
  /** Devices the action reached (this run and earlier ones). */
  sent: number[];
  refused: { id: number; reason: string }[];
  /** Devices still unresolved after every pass (run again). */
  pending: number[];
  /** Hexnode requests this run made. */
  calls: number;
}

/** Clock drift between this machine and Hexnode allowed when matching a command to an intent. */
const SKEW_MS = 5 * 60_000;

interface State {
  sent: Set<number>;
  refused: Map<number, string>;
  /** Device -> time of the intent whose outcome is unknown. */
  uncertain: Map<number, string>;
  done: boolean;
}

export function replay(entries: readonly JournalEntry[]): State {
  const state: State = { sent: new Set(), refused: new Map(), uncertain: new Map(), done: false };
  const open = new Map<string, { devices: number[]; at: string }>();
  for (const entry of entries) {
    switch (entry.type) {
      case 'intent':
        open.set(entry.batch, { devices: entry.devices, at: entry.at });
        for (const id of entry.devices) state.uncertain.set(id, entry.at);
        break;
      case 'sent':
        open.delete(entry.batch);
        for (const id of entry.devices) {
          state.uncertain.delete(id);
          if (entry.rejected.includes(id)) state.refused.set(id, 'Hexnode rejected it');
          else state.sent.add(id);
        }
        break;
      case 'not_sent':
        open.delete(entry.batch);
        for (const id of entry.devices) state.uncertain.delete(id);
        break;
      case 'uncertain':
        open.delete(entry.batch);
        break;
      case 'resolved':
        for (const id of entry.acted) {
          state.uncertain.delete(id);
          state.sent.add(id);
        }
        for (const id of entry.notActed) state.uncertain.delete(id);
        break;
      case 'refused':
        for (const { id, reason } of entry.devices) state.refused.set(id, reason);
        break;
      case 'done':
        state.done = true;
        break;
      default:
        break;
    }
  }
  return state;
}

/** Reads each uncertain device's action status: a command of this action created since the intent means sent. */
async function resolveUncertain(client: HexnodeClient, plan: OffboardPlan, uncertain: Map<number, string>) {
  const name = HEXNODE_ACTIONS[hexnodeActionOf(plan.action)].commandName.toLowerCase();
  const acted: number[] = [];
  const notActed: number[] = [];
  for (const [id, at] of uncertain) {
    const since = Date.parse(at) - SKEW_MS;
    let commands;
    try {
      commands = await client.devices.actionStatus(id);
    } catch (error) {
      if (error instanceof HexnodeError) continue; // still uncertain: read again next pass or next run
      throw error;
    }
    const ours = commands.some(
      (command) =>
        command.actionName.toLowerCase() === name &&
        (command.createdAt === null || Date.parse(command.createdAt) >= since),
    );
    (ours ? acted : notActed).push(id);
  }
  return { acted, notActed };
}

/**
 * One batch: its intent journaled first, then the action, then what came of it (sent, certainly not sent, or
 * uncertain: resolved from Hexnode's status on the next pass, never sent blind again).
 */
async function sendBatch(
  actionClient: HexnodeClient,
  plan: OffboardPlan,
  journal: Journal,
  batch: string,
  ids: number[],
  onProgress: ApplyOptions['onProgress'],
): Promise<void> {
  journal.append({ type: 'intent', batch, devices: ids });
  try {
    const reply = await sendProtocolAction(actionClient, plan.action, { devices: ids }, plan.options);
    const rejected = reply.rejected.map((item) => item.id).filter((id) => ids.includes(id));
    journal.append({ type: 'sent', batch, devices: ids, rejected });
  } catch (error) {
    const reason = `${(error as Error).name}: ${(error as Error).message}`;
    if (certainlyNotActed(error)) journal.append({ type: 'not_sent', batch, devices: ids, reason });
    else journal.append({ type: 'uncertain', batch, devices: ids, reason });
    onProgress?.({ type: 'uncertain', devices: ids.length, reason });
  }
}

/**
 * Longer than ~60 lines on purpose: one loop over the journal's replayed state, the lock and the journal held
 * for its whole length, each append followed by a replay. Split further, the parts would pass that state and
 * the lock's lifetime between them and the order that makes a crash resumable would be harder to see.
 */
export async function applyPlan(options: ApplyOptions): Promise<ApplyResult> {
  const { connection, plan, key } = options;
  const { client } = connection;
  const batchSize = options.batchSize ?? 100;
  checkApproval(plan, options.approvalThreshold);
  if (plan.target !== client.baseUrl) {
    throw new OffboardError(
      'wrong_target',
      `The plan was made for ${plan.target}, not ${client.baseUrl}: refused.`,
    );
  }
  mkdirSync(options.journalDir, { recursive: true });
  const file = join(options.journalDir, `${plan.id}.jsonl`);
  const release = takeLock(`${file}.lock`);
  const calls = connection.calls();
  const journal = new Journal(file, key, options.now);
  try {
    let state = replay(journal.entries);
    const planned = devicesToAct(plan);
    const finish = (): ApplyResult => ({
      journal: file,
      sent: [...state.sent],
      refused: [...state.refused].map(([id, reason]) => ({ id, reason })),
      pending: planned
        .map(({ device }) => device.id)
        .filter((id) => !state.sent.has(id) && !state.refused.has(id)),
      calls: connection.calls() - calls,
    });
    if (state.done) return finish();
    const run = journal.append({
      type: 'run',
      planId: plan.id,
      action: plan.action,
      author: plan.author,
      pid: process.pid,
    });
    options.onProgress?.({
      type: 'start',
      total: planned.length,
      done: state.sent.size + state.refused.size,
    });
    const statusClient = client.withPriority('status');
    const actionClient = client.withPriority('action');
    let checked = false;
    for (let pass = 1; pass <= (options.maxPasses ?? 4); pass += 1) {
      if (state.uncertain.size) {
        const resolved = await resolveUncertain(statusClient, plan, state.uncertain);
        journal.append({ type: 'resolved', ...resolved });
        state = replay(journal.entries);
      }
      const todo = planned.filter(
        ({ device }) => !state.sent.has(device.id) && !state.refused.has(device.id),
      );
      if (todo.length === 0) break;
      let verified = todo.map(({ device }) => device.id);
      if (!checked) {
        const recheck = await recheckOwnership(client, plan, todo, options.directory);
        if (recheck.refused.length) journal.append({ type: 'refused', devices: recheck.refused });
        options.onProgress?.({
          type: 'recheck',
          method: recheck.method,
          verified: recheck.verified.length,
          refused: recheck.refused.length,
        });
        verified = recheck.verified;
        checked = true;
      }
      for (let start = 0; start < verified.length; start += batchSize) {
        const ids = verified.slice(start, start + batchSize);
        const batch = `${run.seq}.${pass}.${start / batchSize + 1}`;
        await sendBatch(actionClient, plan, journal, batch, ids, options.onProgress);
        state = replay(journal.entries);
        options.onProgress?.({
          type: 'batch',
          devices: ids.length,
          done: state.sent.size + state.refused.size,
          total: planned.length,
        });
      }
    }
    const result = finish();
    if (result.pending.length === 0)
      journal.append({ type: 'done', sent: result.sent.length, refused: result.refused.length });
    return result;
  } finally {
    journal.close();
    release();
  }
}
