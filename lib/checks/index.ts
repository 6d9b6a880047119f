/** Checks: the library's pack, the runner, and the types for platform engineers' own packs. */
export * from './types';
export { MS_PORTS_PACK } from './pack';
export { runChecks, validateSuppression, type RunChecksOptions } from './run';
export { MANAGEMENT_PORTS, MANAGEMENT_PORT_NAMES } from './management-ports';
export { peerIsInternet, propOf } from './internet';
export { peerCovers, samePeer } from './peer-cover';
export { reasonProblem, REASON_MIN_LENGTH, REASON_MAX_LENGTH, type ReasonProblem } from './reason';
export { checkSourceAddresses, type SourceList } from './sources';
