/**
 * What every stage needs to know about a peer (the other end of a flow), in one place, each an
 * exhaustive switch without a `default`: a new kind of peer fails to compile until it is handled here
 * and in every stage and renderer that switches on it (they end in `assertNever`).
 */
import type { ExistingRef, Peer } from './intent';

/** For the exhaustive switches: a peer kind no branch handled is a compile error here. */
export function assertNever(x: never, what = 'value'): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(x)}`);
}

/** A key that names the same peer the same way everywhere (declaring, de-duplicating). */
export function peerId(p: Peer): string {
  switch (p.kind) {
    case 'cidrs':
      return `cidrs:${p.name}`;
    case 'role':
      return `role:${p.role}`;
    case 'internet':
      return 'internet';
    case 'lb-probe':
      return 'lb-probe';
    case 'existing':
      return `existing:${p.name}`;
    default:
      return assertNever(p, 'peer kind');
  }
}

/** The cloud an existing peer belongs to. */
export function existingCloud(ref: ExistingRef): 'aws' | 'azure' {
  switch (ref.type) {
    case 'aws-security-group':
    case 'aws-prefix-list':
      return 'aws';
    case 'azure-application-security-group':
    case 'azure-service-tag':
      return 'azure';
    default:
      return assertNever(ref, 'existing peer type');
  }
}

/** How an existing peer reads in reports and errors. */
export function existingText(ref: ExistingRef): string {
  switch (ref.type) {
    case 'aws-security-group':
      return `security group ${ref.id}`;
    case 'aws-prefix-list':
      return `prefix list ${ref.id} (max ${ref.maxEntries} entries)`;
    case 'azure-application-security-group':
      return `application security group ${ref.id}`;
    case 'azure-service-tag':
      return `service tag ${ref.tag}`;
    default:
      return assertNever(ref, 'existing peer type');
  }
}
