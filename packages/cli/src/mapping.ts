/** HR's leavers -> Hexnode users and devices, reading each Hexnode list once (the directory's warm index). */
import { normalizeEmail, type HexnodeDevice, type HexnodeDirectory } from '@hexnode-offboard/core';
import type { Leaver } from './input.js';
import type { MatchStatus } from './plan-types.js';

export interface MappedLeaver {
  leaver: Leaver;
  status: MatchStatus;
  userId?: number;
  candidates?: number[];
  devices: HexnodeDevice[];
}

export async function mapLeavers(
  directory: HexnodeDirectory,
  leavers: readonly Leaver[],
): Promise<MappedLeaver[]> {
  const emails = leavers.map((leaver) => leaver.email).filter((email) => normalizeEmail(email) !== '');
  const found = await directory.lookupMany(emails);
  return leavers.map((leaver): MappedLeaver => {
    if (normalizeEmail(leaver.email) === '') return { leaver, status: 'no_email', devices: [] };
    const result = found.get(leaver.email)!;
    if (result.status === 'found') {
      return { leaver, status: 'matched', userId: result.user.id, devices: result.devices };
    }
    if (result.status === 'ambiguous') {
      return {
        leaver,
        status: 'several_users',
        candidates: result.users.map((user) => user.id),
        devices: [],
      };
    }
    return { leaver, status: 'not_in_hexnode', devices: [] };
  });
}

/** The map as rows (for the table, CSV and JSON outputs). */
export function mappingRows(mapped: readonly MappedLeaver[]) {
  return mapped.map((entry) => ({
    row: entry.leaver.row,
    email: entry.leaver.email,
    name: entry.leaver.name ?? '',
    status: entry.status,
    hexnodeUsers: entry.userId !== undefined ? String(entry.userId) : (entry.candidates ?? []).join(' '),
    devices: entry.devices.length,
  }));
}
