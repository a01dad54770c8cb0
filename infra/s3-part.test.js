// The S3 part that LocalStack deploys (publisher's TemplateS3PartLocalStackTest, only where Docker runs) must be
// the template's own bucket, still private and encrypted, and a template CloudFormation accepts on its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTemplate } from './cfn.js';
import { s3Part, referencesIn } from './s3-part.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const part = s3Part();
const full = loadTemplate(new URL('cuecast.yaml', import.meta.url));

/** A property's value as CloudFormation resolves it with every parameter at its default. */
function withDefaults(node) {
  if (Array.isArray(node)) return node.map(withDefaults).filter((v) => v !== NO_VALUE);
  if (!node || typeof node !== 'object') return node;
  if ('Ref' in node) return node.Ref === 'AWS::NoValue' ? NO_VALUE : part.Parameters[node.Ref].Default;
  if ('Fn::Equals' in node) { const [a, b] = node['Fn::Equals'].map(withDefaults); return String(a) === String(b); }
  if ('Fn::Not' in node) return !withDefaults(node['Fn::Not'][0]);
  if ('Fn::If' in node) {
    const [condition, yes, no] = node['Fn::If'];
    return withDefaults(withDefaults(part.Conditions[condition]) ? yes : no);
  }
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    const resolved = withDefaults(value);
    if (resolved !== NO_VALUE) out[key] = resolved;
  }
  return out;
}
const NO_VALUE = Symbol('AWS::NoValue');

test('the part holds exactly the bucket, unchanged from the full template', () => {
  assert.deepEqual(Object.keys(part.Resources), ['Bucket']);
  assert.equal(part.Resources.Bucket.Type, 'AWS::S3::Bucket');
  assert.deepEqual(part.Resources.Bucket, full.Resources.Bucket, 'LocalStack must deploy the bucket DevOps deploy');
  assert.equal(part.Resources.BucketPolicy, undefined, 'the bucket policy names the distribution');
});

test('the bucket stays private and encrypted: all four public-access blocks, SSE-S3, ACLs off', () => {
  const bucket = part.Resources.Bucket.Properties;
  assert.deepEqual(bucket.PublicAccessBlockConfiguration,
    { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
  const [rule] = bucket.BucketEncryption.ServerSideEncryptionConfiguration;
  assert.equal(rule.ServerSideEncryptionByDefault.SSEAlgorithm, 'AES256');
  assert.deepEqual(bucket.OwnershipControls.Rules, [{ ObjectOwnership: 'BucketOwnerEnforced' }]);
});

test('nothing in the part names CloudFront or IAM', () => {
  const { names, conditions } = referencesIn(part);
  for (const name of names) {
    assert.ok(name.startsWith('AWS::') || name in part.Resources || name in part.Parameters, `${name} is outside the part`);
  }
  for (const condition of conditions) assert.ok(condition in part.Conditions, `condition ${condition} is missing`);
  assert.doesNotMatch(JSON.stringify(part), /cloudfront|AWS::IAM|:iam:|Distribution|PublisherPolicy|OriginAccess/i);
  assert.deepEqual(Object.keys(part.Outputs).sort(), ['BucketName', 'BucketRegion', 'OperatorCommand', 'OperatorFlags']);
});

test('deployed with no parameters, versioning is explicitly Suspended and no states expire', () => {
  for (const [name, parameter] of Object.entries(part.Parameters)) {
    assert.notEqual(parameter.Default, undefined, `${name} needs a default so the part deploys without overrides`);
  }
  const bucket = withDefaults(part.Resources.Bucket.Properties);
  assert.deepEqual(bucket.VersioningConfiguration, { Status: 'Suspended' });
  assert.equal(bucket.LifecycleConfiguration, undefined, 'the pointer names the newest state; it must not expire by default');
});

test('a bucket that refers outside the part is refused, not silently cut loose', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cuecast-s3-part-'));
  try {
    const yaml = join(dir, 't.yaml');
    writeFileSync(yaml, [
      'Resources:',
      '  Bucket:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      Tags: [{ Key: cdn, Value: !Ref Distribution }]',
      '  Distribution: { Type: AWS::CloudFront::Distribution }',
    ].join('\n'));
    assert.throws(() => s3Part(yaml), /refers to Distribution/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('`node infra/s3-part.js` prints the part and cfn-lint accepts it', () => {
  const run = spawnSync(process.execPath, ['infra/s3-part.js'], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), part);

  const dir = mkdtempSync(join(tmpdir(), 'cuecast-s3-part-'));
  try {
    const file = join(dir, 's3-part.json');
    writeFileSync(file, run.stdout);
    const lint = spawnSync('cfn-lint', [file], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(lint.error, undefined, `cfn-lint did not run: ${lint.error}`);
    assert.equal(lint.status, 0, `cfn-lint found problems:\n${lint.stdout}${lint.stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
