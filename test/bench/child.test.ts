/**
 * The bench child (bench/child.ts) loads the library's provider classes before its clock starts, as
 * the plain program imports its own before it: the list it loads must be exactly the classes each
 * network binding loads on first use (lib/<cloud>/network.ts), or one side would pay module loading
 * inside the timed span (a list too short) or hold modules the library never loads (too long).
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** The deep provider paths required in a piece of source text. */
function required(text: string, provider: string): string[] {
  return [...text.matchAll(/require\('(@cdktf\/provider-[a-z]+\/lib\/[a-z0-9-]+)'\)/g)].map((m) => m[1]).filter((p) => p.startsWith(provider)).sort();
}

function between(text: string, start: string, end: string): string {
  const a = text.indexOf(start);
  const b = text.indexOf(end, a + start.length);
  if (a < 0 || b < 0) throw new Error(`${start} ... ${end} not found`);
  return text.slice(a, b);
}

describe('bench child provider preload', () => {
  const child = between(read('bench/child.ts'), 'function preloadProviderClasses', '\n}\n');
  it.each([
    ['azure', '@cdktf/provider-azurerm', "if (which === 'azure')", '} else {'],
    ['aws', '@cdktf/provider-aws', '} else {', '/* eslint-enable'],
  ])('loads exactly the provider classes the %s network binding loads on first use', (cloud, provider, start, end) => {
    const network = between(read(`lib/${cloud}/network.ts`), 'function providerClasses(', '\n}\n');
    const libraryLoads = required(network, provider);
    expect(libraryLoads.length).toBeGreaterThan(5);
    expect(required(between(child, start, end), provider)).toEqual(libraryLoads);
  });
});
