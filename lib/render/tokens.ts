/**
 * Reference attributes read once per resource. Every read of a provider resource's attribute
 * (`sg.id`, `lb.arn`, `nsg.name`) creates a new token with its own captured stack trace; renderers
 * read each through this cache and reuse the token (same Terraform output, far less memory).
 */
export class TokenCache {
  private readonly cache = new Map<object, Map<string, unknown>>();

  /** `resource[attr]`, read on the first call and reused after. */
  read<T extends object, K extends keyof T & string>(resource: T, attr: K): T[K] {
    let attrs = this.cache.get(resource);
    if (!attrs) {
      attrs = new Map();
      this.cache.set(resource, attrs);
    }
    if (!attrs.has(attr)) attrs.set(attr, resource[attr]);
    return attrs.get(attr) as T[K];
  }
}
