/**
 * Flow assertions for any test runner (they throw an Error that explains the verdict):
 *
 *   expectFlow(json).from('internet').to('fe-pool1').port('5061/tcp').toBeDenied();
 */
import type { TerraformJson } from './terraform';
import { verifyFlow, type FlowQuery, type Verdict } from './verify';

export class FlowExpectation {
  constructor(
    private readonly json: TerraformJson | string,
    private readonly query: Partial<FlowQuery> = {},
  ) {}

  /** `internet`, an IP address or CIDR, or a role name. */
  from(source: string): FlowExpectation {
    return new FlowExpectation(this.json, { ...this.query, from: source });
  }
  /** A role name. */
  to(role: string): FlowExpectation {
    return new FlowExpectation(this.json, { ...this.query, to: role });
  }
  /** `5061/tcp`, `53/udp`, `icmp`. */
  port(spec: string): FlowExpectation {
    return new FlowExpectation(this.json, { ...this.query, port: spec });
  }
  /** Options of the verifier (VirtualNetwork space, target address). */
  with(options: Pick<FlowQuery, 'vnet' | 'toAddress'>): FlowExpectation {
    return new FlowExpectation(this.json, { ...this.query, ...options });
  }

  /** The verdict, for assertions of your own. */
  verdict(): Verdict {
    const q = this.query;
    if (!q.from || !q.to || !q.port) throw new Error('expectFlow: give from(), to() and port() before asking for a verdict');
    const json = typeof this.json === 'string' ? (JSON.parse(this.json) as TerraformJson) : this.json;
    return verifyFlow(json, q as FlowQuery);
  }

  toBeAllowed(): Verdict {
    const v = this.verdict();
    if (!v.allowed) throw new Error(`expected the flow to be allowed, but it is denied:\n${v.text}`);
    return v;
  }

  toBeDenied(): Verdict {
    const v = this.verdict();
    if (v.allowed) throw new Error(`expected the flow to be denied, but it is allowed:\n${v.text}`);
    return v;
  }
}

/** Starts a flow assertion on synthesized Terraform JSON (an object, or the text of cdk.tf.json). */
export function expectFlow(json: TerraformJson | string): FlowExpectation {
  return new FlowExpectation(json);
}

/** What a custom matcher returns (the shape jest's `expect.extend` expects). */
export interface FlowMatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

function matcherVerdict(received: unknown, query: FlowQuery): Verdict {
  const json = typeof received === 'string' ? (JSON.parse(received) as TerraformJson) : (received as TerraformJson);
  return verifyFlow(json, query);
}

/**
 * Custom matchers for jest (or any runner with `expect.extend`):
 *
 *   expect.extend(flowMatchers);
 *   expect(json).toDenyFlow({ from: 'internet', to: 'fe-pool1', port: '5061/tcp' });
 */
export const flowMatchers = {
  toAllowFlow(received: unknown, query: FlowQuery): FlowMatcherResult {
    const v = matcherVerdict(received, query);
    return { pass: v.allowed, message: () => `expected the flow ${v.allowed ? 'not ' : ''}to be allowed:\n${v.text}` };
  },
  toDenyFlow(received: unknown, query: FlowQuery): FlowMatcherResult {
    const v = matcherVerdict(received, query);
    return { pass: !v.allowed, message: () => `expected the flow ${v.allowed ? '' : 'not '}to be denied:\n${v.text}` };
  },
};
