// scripts/deploy and scripts/teardown in --dry-run print the AWS CLI commands they would run; these
// tests read them back and check what a real deploy depends on, with a fake `aws` on the PATH that
// fails the test if a dry run ever calls it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, existsSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTemplate } from './cfn.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
let work, pwa, fakeBin, awsCalled;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'cuecast-deploy-test-'));
  pwa = join(work, 'pwa');
  for (const f of ['index.html', 'sw.js', 'show-sw.js', 'manifest.webmanifest', 'app.js', 'lib/clock.js', 'lib/clock.test.js',
    'icons/icon-192.png', 'app.3f9a1c2b.css', 'README.md']) {
    mkdirSync(dirname(join(pwa, f)), { recursive: true });
    writeFileSync(join(pwa, f), '');
  }
  fakeBin = join(work, 'bin');
  awsCalled = join(work, 'aws-called');
  mkdirSync(fakeBin);
  writeFileSync(join(fakeBin, 'aws'), `#!/bin/sh\necho "$@" >> '${awsCalled}'\nexit 99\n`);
  chmodSync(join(fakeBin, 'aws'), 0o755);
});
after(() => rmSync(work, { recursive: true, force: true }));

function script(name, args) {
  const env = { ...process.env, PATH: `${fakeBin}:${process.env.PATH}`, AWS_REGION: '', AWS_DEFAULT_REGION: '' };
  const r = spawnSync(join(ROOT, 'scripts', name), args, { encoding: 'utf8', env, timeout: 30_000 });
  const commands = r.stdout.split('\n').filter((l) => l.startsWith('+ ')).map((l) => shellWords(l.slice(2)));
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, commands };
}

/** Splits a printed command line the way the shell would (plain words and '...' quoting). */
function shellWords(line) {
  const words = [];
  let word = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === ' ') { if (word !== null) words.push(word); word = null; continue; }
    word ??= '';
    if (c === "'") { const end = line.indexOf("'", i + 1); word += line.slice(i + 1, end); i = end; }
    else if (c === '\\') { word += line[++i]; }
    else word += c;
  }
  if (word !== null) words.push(word);
  return words;
}

const flag = (cmd, name) => cmd[cmd.indexOf(name) + 1];

test('deploy --dry-run deploys the template with every parameter spelled as the template spells it', () => {
  const r = script('deploy', ['--dry-run', '--region', 'eu-west-1', '--stack-name', 'show1', '--pwa-dir', pwa,
    '--origin-shield-region', 'eu-west-1', '--states-expire-days', '30']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(existsSync(awsCalled), false, 'a dry run never calls aws');
  const deploy = r.commands[0];
  assert.deepEqual(deploy.slice(0, 3), ['aws', 'cloudformation', 'deploy']);
  assert.equal(flag(deploy, '--template-file'), join(ROOT, 'infra', 'cuecast.yaml'));
  assert.equal(flag(deploy, '--stack-name'), 'show1');
  assert.equal(flag(deploy, '--region'), 'eu-west-1');
  assert.equal(flag(deploy, '--capabilities'), 'CAPABILITY_IAM', 'the publisher policy is an IAM resource');
  const overrides = Object.fromEntries(deploy.slice(deploy.indexOf('--parameter-overrides') + 1).map((kv) => kv.split(/=(.*)/s).slice(0, 2)));
  const { Parameters } = loadTemplate(join(ROOT, 'infra', 'cuecast.yaml'));
  for (const name of Object.keys(overrides)) assert.ok(name in Parameters, `${name} is a template parameter`);
  assert.equal(overrides.OriginShieldRegion, 'eu-west-1');
  assert.equal(overrides.StatesExpireDays, '30');
  assert.equal(overrides.DomainName, '');
});

test('deploy --dry-run uploads the PWA under app/ with the design cache headers and content types, entry points last', () => {
  const r = script('deploy', ['--dry-run', '--region', 'eu-west-1', '--pwa-dir', pwa]);
  assert.equal(r.status, 0, r.stderr);
  const uploads = r.commands.filter((c) => c[1] === 's3' && c[2] === 'cp');
  const byFile = Object.fromEntries(uploads.map((c) => [c[3].slice(pwa.length + 1),
    { dest: c[4], cacheControl: flag(c, '--cache-control'), contentType: flag(c, '--content-type'), region: flag(c, '--region') }]));
  assert.deepEqual(Object.keys(byFile).sort(), ['app.3f9a1c2b.css', 'app.js', 'icons/icon-192.png', 'index.html', 'lib/clock.js', 'manifest.webmanifest', 'show-sw.js', 'sw.js'],
    'tests and docs are not uploaded');
  for (const [file, u] of Object.entries(byFile)) {
    assert.equal(u.dest, `s3://<Bucket>/app/${file}`);
    assert.equal(u.region, 'eu-west-1');
  }
  for (const entry of ['index.html', 'sw.js', 'show-sw.js', 'manifest.webmanifest']) assert.equal(byFile[entry].cacheControl, 'no-cache', entry);
  assert.equal(byFile['app.js'].cacheControl, 'public, max-age=300');
  assert.equal(byFile['app.3f9a1c2b.css'].cacheControl, 'public, max-age=31536000, immutable');
  assert.equal(byFile['index.html'].contentType, 'text/html; charset=utf-8');
  assert.equal(byFile['app.js'].contentType, 'text/javascript; charset=utf-8');
  assert.equal(byFile['manifest.webmanifest'].contentType, 'application/manifest+json');
  assert.equal(byFile['icons/icon-192.png'].contentType, 'image/png');
  assert.equal(uploads.at(-1)[3], join(pwa, 'index.html'), 'index.html goes last');
  const order = uploads.map((c) => c[3].slice(pwa.length + 1));
  assert.ok(order.indexOf('show-sw.js') > order.indexOf('app.js'), 'the app\'s worker (it caches the shell) after the files it caches');
  assert.ok(r.commands.findIndex((c) => c[2] === 'deploy') < r.commands.indexOf(uploads[0]), 'stack first, then files');
});

test('deploy prints the spectator URL and the command that runs the control API against the bucket', () => {
  const r = script('deploy', ['--dry-run', '--region', 'eu-west-1', '--pwa-dir', pwa]);
  assert.match(r.stdout, /^Spectator URL: <SpectatorUrl>$/m);
  assert.match(r.stdout, /scripts\/run --bucket <Bucket> --region eu-west-1 <CoverageFlags>$/m, 'coverage from the stack\'s real-time logs');
  assert.match(r.stdout, /carrying <PublisherPolicyArn> and <CoverageReaderPolicyArn>:$/m);
  const { Outputs, Resources } = loadTemplate(join(ROOT, 'infra', 'cuecast.yaml'));
  const outputs = r.commands.filter((c) => c[2] === 'describe-stacks').map((c) => flag(c, '--query').match(/'(\w+)'/)[1]);
  for (const key of outputs) assert.ok(key in Outputs, `${key} is a stack output`);
  const resources = r.commands.filter((c) => c[2] === 'describe-stack-resource').map((c) => flag(c, '--logical-resource-id'));
  assert.deepEqual(resources, ['Bucket']);
  assert.equal(Resources.Bucket.Type, 'AWS::S3::Bucket');
});

test('deploy refuses a custom domain without its certificate, a too long stack name and a missing region, before calling AWS', () => {
  const noCert = script('deploy', ['--dry-run', '--region', 'eu-west-1', '--pwa-dir', pwa, '--domain', 'show.example.com']);
  assert.equal(noCert.status, 2);
  assert.match(noCert.stderr, /--certificate-arn/);
  const longName = script('deploy', ['--dry-run', '--region', 'eu-west-1', '--pwa-dir', pwa, '--stack-name', 'x'.repeat(59)]);
  assert.equal(longName.status, 2, 'CloudFront function names ("<stack>-time") are limited to 64 characters');
  assert.match(longName.stderr, /--stack-name/);
  const noRegion = script('deploy', ['--dry-run', '--pwa-dir', pwa]);
  assert.equal(noRegion.status, 2);
  assert.match(noRegion.stderr, /--region/);
});

test('teardown --dry-run empties the bucket, every version included, before deleting the stack', () => {
  const r = script('teardown', ['--dry-run', '--region', 'eu-west-1', '--stack-name', 'show1']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(existsSync(awsCalled), false);
  const names = r.commands.map((c) => c.slice(1, 3).join(' '));
  assert.deepEqual(names, ['cloudformation describe-stack-resource', 's3 rm', 's3api list-object-versions', 'cloudformation delete-stack', 'cloudformation wait']);
  const rm = r.commands[1];
  assert.equal(rm[3], 's3://<Bucket>');
  assert.ok(rm.includes('--recursive'));
  assert.equal(flag(r.commands[3], '--stack-name'), 'show1');
});

test('teardown without --yes deletes nothing', () => {
  const r = script('teardown', ['--region', 'eu-west-1']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--yes/);
  assert.equal(existsSync(awsCalled), false);
});
