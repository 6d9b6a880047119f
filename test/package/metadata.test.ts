/**
 * package.json as a published library, the changelog and the compatibility page stay true: the
 * versions docs/compatibility.md names are the ones installed and tested here, inside the ranges
 * package.json declares; the changelog has a section for the package's version and an Unreleased
 * one; the shipped files exist.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as semver from 'semver';

const ROOT = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  keywords: string[];
  homepage: string;
  repository: { type: string; url: string };
  bugs: { url: string };
  files: string[];
  engines: { node: string };
  scripts: Record<string, string>;
  peerDependencies: Record<string, string>;
};
const compat = fs.readFileSync(path.join(ROOT, 'docs', 'compatibility.md'), 'utf8');
const changelog = fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8');

function installed(name: string): string {
  return (JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`, { paths: [ROOT] }), 'utf8')) as { version: string }).version;
}

describe('package.json', () => {
  test('says what the package is for to a registry search', () => {
    expect(pkg.keywords).toEqual(expect.arrayContaining(['cdktf', 'cdktn', 'terraform', 'azure', 'aws', 'skype-for-business']));
    expect(new Set(pkg.keywords).size).toBe(pkg.keywords.length);
  });

  test('repository, homepage and bugs point at one repository', () => {
    expect(pkg.repository.type).toBe('git');
    const m = /^git\+(https:\/\/[^ ]+)\.git$/.exec(pkg.repository.url);
    expect(m).not.toBeNull();
    expect(pkg.homepage).toBe(`${m![1]}#readme`);
    expect(pkg.bugs.url).toBe(`${m![1]}/issues`);
  });

  test('every shipped path exists once built, and the build runs wherever npm installs from', () => {
    for (const f of pkg.files.filter((f) => !f.startsWith('dist/'))) expect({ f, exists: fs.existsSync(path.join(ROOT, f)) }).toEqual({ f, exists: true });
    expect(pkg.scripts.prepare).toBe('node scripts/build.js');
    expect(pkg.scripts.prepack).toBe('node scripts/build.js');
  });

  test('engines admit every Node.js version the compatibility page says is tested', () => {
    const tested = [...compat.matchAll(/\b(2\d\.\d+\.\d+) \((?:full suite|supported)/g)].map((m) => m[1]);
    expect(tested).toEqual(expect.arrayContaining([expect.stringMatching(/^20\./), expect.stringMatching(/^22\./)]));
    for (const v of tested) expect({ v, admitted: semver.satisfies(v, pkg.engines.node) }).toEqual({ v, admitted: true });
    // and the Node.js running this suite
    expect(semver.satisfies(process.versions.node, pkg.engines.node)).toBe(true);
  });
});

describe('docs/compatibility.md', () => {
  test.each(['cdktf', 'cdktn', '@cdktf/provider-aws', '@cdktf/provider-azurerm', '@cdktn/provider-aws', '@cdktn/provider-azurerm'])(
    'names the installed %s version and the declared peer range, which admits it',
    (name) => {
      const version = installed(name);
      const range = pkg.peerDependencies[name];
      expect(compat).toContain(`\`${name}\` ${version}`);
      expect(compat).toContain(`peer \`${range}\``);
      expect(semver.satisfies(version, range)).toBe(true);
    },
  );

  test('names the installed constructs, inside its peer range', () => {
    const version = installed('constructs');
    expect(compat).toContain(`\`constructs\` ${version} is shared by both engines (peer \`${pkg.peerDependencies.constructs}\``);
  });

  test('names the npm scripts it tells people to run, and they exist', () => {
    for (const m of compat.matchAll(/`npm run ([a-z0-9:]+)/g)) expect({ script: m[1], exists: m[1] in pkg.scripts }).toEqual({ script: m[1], exists: true });
  });
});

describe('CHANGELOG.md', () => {
  test('has an Unreleased section first, then one per version, the package version among them', () => {
    const headings = [...changelog.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    const releases = headings.filter((h) => h !== 'Versioning');
    expect(releases[0]).toBe('Unreleased');
    expect(releases).toContain(pkg.version);
    for (const r of releases.slice(1)) expect(semver.valid(r.split(' ')[0])).not.toBeNull();
  });

  test('states the versioning policy and links the compatibility page', () => {
    expect(changelog).toMatch(/^## Versioning$/m);
    expect(changelog).toContain('[docs/compatibility.md](docs/compatibility.md)');
  });
});
