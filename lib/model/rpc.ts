/**
 * The dynamic RPC port setting every RPC-based Windows service follows (seed 004, KB832017, the
 * note on default dynamic port ranges). No cdktf imports.
 */
import { DYNAMIC_RPC_RANGES } from '../catalog/windows';
import { MsPortsError } from './errors';
import { parsePortRange, PortSpecError, type PortRange } from './ports';

/**
 * - `modern`: Windows Server 2008 / Vista and later, 49152-65535 (the default).
 * - `legacy`: Windows 2000 / XP / Server 2003, 1025-5000.
 * - `both`: a mixed estate, both ranges.
 * - `{ restrictedTo }`: the range or single port the administrator restricted RPC to
 *   (netsh int ipv4 set dynamicport, or the Active Directory replication port registry setting).
 */
export type DynamicRpc = 'modern' | 'legacy' | 'both' | { readonly restrictedTo: string };

/** The port ranges of a dynamic RPC setting; errors name the construct path. */
export function dynamicRpcRanges(setting: DynamicRpc | undefined, path: string): PortRange[] {
  const mode = setting ?? 'modern';
  if (mode === 'modern') return [parsePortRange(DYNAMIC_RPC_RANGES.modern)];
  if (mode === 'legacy') return [parsePortRange(DYNAMIC_RPC_RANGES.legacy)];
  if (mode === 'both') return [parsePortRange(DYNAMIC_RPC_RANGES.legacy), parsePortRange(DYNAMIC_RPC_RANGES.modern)];
  if (typeof mode === 'object' && typeof mode.restrictedTo === 'string') {
    try {
      const r = parsePortRange(mode.restrictedTo);
      if (r.from <= 1024) {
        throw new MsPortsError(path, `dynamicRpc.restrictedTo ${mode.restrictedTo} reaches into the well-known ports`, 'restrict RPC to ports above 1024 (e.g. "50000-50200" or "5001")');
      }
      return [r];
    } catch (e) {
      if (e instanceof PortSpecError) throw new MsPortsError(path, `dynamicRpc.restrictedTo: ${e.message}`, e.hint);
      throw e;
    }
  }
  throw new MsPortsError(path, `dynamicRpc ${JSON.stringify(mode)} is not a known setting`, 'use "modern", "legacy", "both" or { restrictedTo: "50000-50200" }');
}
