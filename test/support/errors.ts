/** Test helper: the MsPortsError a call throws (fails the test if it throws nothing or something else). */
import { MsPortsError } from '../../lib/model/errors';

export function thrown(fn: () => unknown): MsPortsError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MsPortsError);
    return e as MsPortsError;
  }
  throw new Error('expected an MsPortsError');
}
