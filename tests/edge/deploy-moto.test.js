// scripts/deploy and scripts/teardown run for real (AWS CLI, not a dry run) against moto_server on
// loopback: the stack is created (moto models the bucket and the IAM policy; CloudFront resources are
// placeholders there), the PWA lands under app/ with its Cache-Control and Content-Type, and teardown
// removes every object version and the stack. Skipped without moto_server or the AWS CLI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { ROOT, freePort } from '../browser/stack.js';

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const skip = has('moto_server') && has('aws') ? false : 'needs moto_server and the AWS CLI on the PATH';
const REGION = 'eu-west-1';
let moto;
let work;
let env;

before(async () => {
  if (skip) return;
  work = mkdtempSync(join(tmpdir(), 'cuecast-deploy-moto-'));
  const port = await freePort();
  moto = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try { if ((await fetch(`${url}/moto-api/`)).ok) break; } catch { /* starting */ }
    if (Date.now() > deadline) throw new Error('moto_server did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  env = {
    ...process.env, AWS_ENDPOINT_URL: url, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_PROFILE: '', AWS_REGION: '', AWS_DEFAULT_REGION: '',
  };
  delete env.AWS_PROFILE;
});

after(() => {
  moto?.kill();
  if (work) rmSync(work, { recursive: true, force: true });
});

function run(cmd, args) {
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const aws = (...args) => run('aws', [...args, '--region', REGION, '--output', 'json']);

test('deploy creates the stack and uploads the PWA with its headers; teardown leaves nothing behind', { skip, timeout: 180_000 }, () => {
  const pwa = join(work, 'pwa');
  for (const f of ['index.html', 'sw.js', 'show-sw.js', 'manifest.webmanifest', 'app.js', 'lib/clock.js', 'lib/clock.test.js', 'icons/icon-192.png', 'app.3f9a1c2b.css']) {
    mkdirSync(dirname(join(pwa, f)), { recursive: true });
    writeFileSync(join(pwa, f), `/* ${f} */\n`);
  }
  const deployed = run(join(ROOT, 'scripts', 'deploy'), ['--region', REGION, '--stack-name', 'cuecast-moto', '--pwa-dir', pwa]);
  assert.equal(deployed.status, 0, deployed.stdout + deployed.stderr);
  const bucket = deployed.stdout.match(/scripts\/run --bucket (\S+) --region eu-west-1/)?.[1];
  assert.ok(bucket, deployed.stdout);

  // The coverage stream keeps records for the stack's CoverageRetentionHours (default 24). moto does not model
  // the stream's KMS encryption (StreamEncryption is ignored there); infra/cuecast.test.js checks the template.
  const resources = aws('cloudformation', 'list-stack-resources', '--stack-name', 'cuecast-moto');
  assert.equal(resources.status, 0, resources.stderr);
  const streamName = JSON.parse(resources.stdout).StackResourceSummaries.find((r) => r.LogicalResourceId === 'CoverageStream').PhysicalResourceId;
  const summary = aws('kinesis', 'describe-stream-summary', '--stream-name', streamName);
  assert.equal(summary.status, 0, summary.stderr);
  const stream = JSON.parse(summary.stdout).StreamDescriptionSummary;
  assert.equal(stream.RetentionPeriodHours, 24);

  const listed = JSON.parse(aws('s3api', 'list-objects-v2', '--bucket', bucket).stdout);
  assert.deepEqual(listed.Contents.map((o) => o.Key).sort(), ['app/app.3f9a1c2b.css', 'app/app.js', 'app/icons/icon-192.png',
    'app/index.html', 'app/lib/clock.js', 'app/manifest.webmanifest', 'app/show-sw.js', 'app/sw.js']);
  const head = (key) => JSON.parse(aws('s3api', 'head-object', '--bucket', bucket, '--key', key).stdout);
  assert.deepEqual([head('app/index.html').CacheControl, head('app/index.html').ContentType], ['no-cache', 'text/html; charset=utf-8']);
  assert.equal(head('app/sw.js').CacheControl, 'no-cache');
  assert.equal(head('app/show-sw.js').CacheControl, 'no-cache');
  assert.deepEqual([head('app/manifest.webmanifest').CacheControl, head('app/manifest.webmanifest').ContentType], ['no-cache', 'application/manifest+json']);
  assert.deepEqual([head('app/app.js').CacheControl, head('app/app.js').ContentType], ['public, max-age=300', 'text/javascript; charset=utf-8']);
  assert.equal(head('app/app.3f9a1c2b.css').CacheControl, 'public, max-age=31536000, immutable');

  // A show leaves states, an audit trail and, with versioning on, old versions: all must go.
  assert.equal(aws('s3api', 'put-bucket-versioning', '--bucket', bucket, '--versioning-configuration', 'Status=Enabled').status, 0);
  for (const key of ['live/pointer.json', 'live/pointer.json', 'states/1.json', 'private/history/0000000000000000001.json']) {
    assert.equal(aws('s3api', 'put-object', '--bucket', bucket, '--key', key, '--body', join(pwa, 'app.js')).status, 0);
  }
  const refused = run(join(ROOT, 'scripts', 'teardown'), ['--region', REGION, '--stack-name', 'cuecast-moto']);
  assert.equal(refused.status, 2, 'nothing is deleted without --yes');
  assert.equal(aws('s3api', 'head-object', '--bucket', bucket, '--key', 'states/1.json').status, 0);

  const torn = run(join(ROOT, 'scripts', 'teardown'), ['--region', REGION, '--stack-name', 'cuecast-moto', '--yes']);
  assert.equal(torn.status, 0, torn.stdout + torn.stderr);
  assert.match(aws('s3api', 'head-bucket', '--bucket', bucket).stderr, /404|Not Found|NoSuchBucket/);
  assert.match(aws('cloudformation', 'describe-stacks', '--stack-name', 'cuecast-moto').stderr, /does not exist/);
});
