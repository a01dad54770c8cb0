// Asserts what the CloudFormation template promises the show: the crowd's polling stays at the edge,
// /time never reaches the origin, private/ never leaves the bucket, the publisher gets exactly the
// permissions the publishing protocol needs. cfn-lint (scripts/test) checks the schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadTemplate } from './cfn.js';
import { evaluate } from './iam.js';

const template = loadTemplate(new URL('cuecast.yaml', import.meta.url));
const { Resources, Parameters, Outputs } = template;
const dist = Resources.Distribution.Properties.DistributionConfig;
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const DISTRIBUTION_ARN = { 'Fn::Sub': 'arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${Distribution}' };

/** The behaviour CloudFront picks for a path: the first matching pattern, else the default. */
function behaviourFor(path) {
  const toRegExp = (pattern) => new RegExp('^/?' + pattern.replace(/^\//, '').replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$');
  return dist.CacheBehaviors.find((b) => toRegExp(b.PathPattern).test(path)) ?? dist.DefaultCacheBehavior;
}
const policyOf = (behaviour) => Resources[behaviour.CachePolicyId.Ref].Properties.CachePolicyConfig;
const origin = (id) => dist.Origins.find((o) => o.Id === id);
const asList = (v) => (Array.isArray(v) ? v : [v]);
const subText = (v) => (typeof v === 'string' ? v : v['Fn::Sub']);

test('the pointer honours the origin max-age=1: Min 0, Default 1, Max 1 s, shared by every phone', () => {
  const behaviour = behaviourFor('/live/pointer.json');
  assert.equal(behaviour.TargetOriginId, 'data');
  assert.equal(origin('data').OriginPath, undefined, 'live/ keys are read from the bucket root');
  const policy = policyOf(behaviour);
  assert.deepEqual([policy.MinTTL, policy.DefaultTTL, policy.MaxTTL], [0, 1, 1]);
  const key = policy.ParametersInCacheKeyAndForwardedToOrigin;
  assert.equal(key.CookiesConfig.CookieBehavior, 'none');
  assert.equal(key.HeadersConfig.HeaderBehavior, 'none');
  assert.equal(key.QueryStringsConfig.QueryStringBehavior, 'none', 'a cache-buster must not split the cache');
  assert.equal(key.EnableAcceptEncodingGzip, true);
  assert.equal(key.EnableAcceptEncodingBrotli, true);
  assert.equal(behaviour.Compress, true);
  assert.equal(behaviour.OriginRequestPolicyId, undefined, 'nothing viewer-specific is forwarded');
});

test('errors from the origin are cached for at most one second, not the default 10 s', () => {
  const codes = dist.CustomErrorResponses.map((r) => r.ErrorCode).sort();
  assert.deepEqual(codes, [403, 404, 500, 502, 503, 504]);
  for (const r of dist.CustomErrorResponses) {
    assert.deepEqual(r.ErrorCachingMinTTL, { Ref: 'ErrorCachingTtl' });
    assert.equal(r.ResponsePagePath, undefined, 'errors are not rewritten into a page the poller would parse');
  }
  assert.deepEqual(Parameters.ErrorCachingTtl.AllowedValues, [0, 1]);
});

test('immutable states stay at the edge for a year', () => {
  const behaviour = behaviourFor('/states/42.json');
  assert.equal(behaviour.TargetOriginId, 'data');
  const policy = policyOf(behaviour);
  assert.ok(policy.MinTTL >= 86400, 'a wrong header cannot send the crowd to S3');
  assert.equal(policy.DefaultTTL, 31536000);
  assert.equal(policy.MaxTTL, 31536000);
  assert.equal(policy.ParametersInCacheKeyAndForwardedToOrigin.QueryStringsConfig.QueryStringBehavior, 'none');
});

test('/time is answered by the time function at viewer request and never cached', () => {
  const behaviour = behaviourFor('/time');
  assert.equal(behaviour.PathPattern, '/time');
  assert.equal(behaviour.CachePolicyId, CACHING_DISABLED);
  assert.deepEqual(behaviour.FunctionAssociations, [
    { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': ['TimeFunction', 'FunctionARN'] } },
  ]);
  const fn = Resources.TimeFunction.Properties;
  assert.equal(fn.AutoPublish, true, 'the association needs the LIVE stage');
  assert.equal(fn.FunctionConfig.Runtime, 'cloudfront-js-2.0');
});

test('private/ is refused at the edge and the bucket policy grants CloudFront no read there', () => {
  const behaviour = behaviourFor('/private/history/0000000000000000042.json');
  assert.equal(behaviour.PathPattern, '/private/*');
  assert.equal(behaviour.CachePolicyId, CACHING_DISABLED);
  assert.deepEqual(behaviour.FunctionAssociations.map((f) => f.FunctionARN), [{ 'Fn::GetAtt': ['DenyFunction', 'FunctionARN'] }]);

  const statements = Resources.BucketPolicy.Properties.PolicyDocument.Statement;
  const allows = statements.filter((s) => s.Effect === 'Allow');
  assert.equal(allows.length, 1);
  const [cf] = allows;
  assert.deepEqual(cf.Principal, { Service: 'cloudfront.amazonaws.com' });
  assert.deepEqual(asList(cf.Action), ['s3:GetObject']);
  assert.deepEqual(cf.Resource.map(subText), ['${Bucket.Arn}/live/*', '${Bucket.Arn}/states/*', '${Bucket.Arn}/app/*']);
  assert.ok(!JSON.stringify(cf.Resource).includes('private'));
  assert.deepEqual(cf.Condition, { StringEquals: { 'AWS:SourceArn': DISTRIBUTION_ARN } }, 'only this distribution');
});

test('the bucket is private: all four public-access blocks, encryption, TLS only', () => {
  const bucket = Resources.Bucket.Properties;
  assert.deepEqual(bucket.PublicAccessBlockConfiguration, {
    BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
  });
  assert.equal(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm, 'AES256');
  assert.equal(bucket.OwnershipControls.Rules[0].ObjectOwnership, 'BucketOwnerEnforced', 'ACLs off');
  const deny = Resources.BucketPolicy.Properties.PolicyDocument.Statement.find((s) => s.Effect === 'Deny');
  assert.equal(deny.Principal, '*');
  assert.equal(deny.Action, 's3:*');
  assert.deepEqual(deny.Condition, { Bool: { 'aws:SecureTransport': 'false' } });
  assert.deepEqual(deny.Resource, [{ 'Fn::GetAtt': ['Bucket', 'Arn'] }, { 'Fn::Sub': '${Bucket.Arn}/*' }]);
});

test('versioning is off unless asked for, and switching it back really suspends it', () => {
  assert.deepEqual(Resources.Bucket.Properties.VersioningConfiguration, { Status: { Ref: 'BucketVersioning' } });
  assert.equal(Parameters.BucketVersioning.Default, 'Suspended');
  assert.deepEqual(Parameters.BucketVersioning.AllowedValues, ['Enabled', 'Suspended']);
});

test('the optional states/ expiry only targets states/ and is off by default', () => {
  const lifecycle = Resources.Bucket.Properties.LifecycleConfiguration['Fn::If'];
  assert.equal(lifecycle[0], 'ExpiresStates');
  assert.deepEqual(lifecycle[1].Rules.map((r) => r.Prefix), ['states/']);
  assert.deepEqual(lifecycle[2], { Ref: 'AWS::NoValue' });
  assert.equal(Parameters.StatesExpireDays.Default, 0);
});

test('CloudFront reads the bucket through Origin Access Control, signing every request', () => {
  const oac = Resources.OriginAccessControl.Properties.OriginAccessControlConfig;
  assert.equal(oac.SigningBehavior, 'always');
  assert.equal(oac.SigningProtocol, 'sigv4');
  assert.equal(oac.OriginAccessControlOriginType, 's3');
  assert.equal(dist.Origins.length, 2);
  for (const o of dist.Origins) {
    assert.deepEqual(o.DomainName, { 'Fn::GetAtt': ['Bucket', 'RegionalDomainName'] });
    assert.deepEqual(o.OriginAccessControlId, { 'Fn::GetAtt': ['OriginAccessControl', 'Id'] });
    assert.equal(o.S3OriginConfig.OriginAccessIdentity, '', 'no legacy OAI');
    assert.equal(o.OriginShield['Fn::If'][0], 'HasOriginShield');
  }
});

test('the spectator app is served at /show from app/ with security headers and no CORS', () => {
  const behaviour = behaviourFor('/index.html');
  assert.equal(behaviour, dist.DefaultCacheBehavior);
  for (const path of ['/', '/show', '/show-sw.js', '/sw.js']) assert.equal(behaviourFor(path), dist.DefaultCacheBehavior, path);
  assert.deepEqual(behaviour.FunctionAssociations, [
    { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': ['AppFunction', 'FunctionARN'] } },
  ], '/ and /?seat=N are redirected to /show, and /show is answered with index.html');
  assert.equal(Resources.AppFunction.Properties.AutoPublish, true, 'the association needs the LIVE stage');
  assert.equal(origin(behaviour.TargetOriginId).OriginPath, '/app');
  assert.equal(dist.DefaultRootObject, 'index.html');
  const headers = Resources[behaviour.ResponseHeadersPolicyId.Ref].Properties.ResponseHeadersPolicyConfig;
  assert.equal(headers.CorsConfig, undefined, 'the PWA fetches live/, states/ and time from its own origin');
  assert.equal(headers.SecurityHeadersConfig.ContentTypeOptions.Override, true);
  assert.ok(headers.SecurityHeadersConfig.StrictTransportSecurity.AccessControlMaxAgeSec >= 31536000);
  assert.match(headers.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy, /connect-src 'self'/);
  assert.equal(policyOf(behaviour).MinTTL, 0, 'index.html/sw.js with no-cache are revalidated');
});

test('every behaviour is HTTPS, read-only, and the distribution speaks HTTP/2, HTTP/3 and IPv6', () => {
  assert.equal(dist.HttpVersion, 'http2and3');
  assert.equal(dist.IPV6Enabled, true);
  assert.deepEqual(dist.PriceClass, { Ref: 'PriceClass' });
  for (const b of [...dist.CacheBehaviors, dist.DefaultCacheBehavior]) {
    assert.equal(b.ViewerProtocolPolicy, 'redirect-to-https');
    assert.deepEqual(b.AllowedMethods, ['GET', 'HEAD']);
    assert.equal(b.ForwardedValues, undefined, 'cache policies, not legacy ForwardedValues');
  }
  const cert = dist.ViewerCertificate['Fn::If'];
  assert.equal(cert[0], 'HasDomain');
  assert.equal(cert[1].MinimumProtocolVersion, 'TLSv1.2_2021');
  assert.deepEqual(dist.Aliases, { 'Fn::If': ['HasDomain', [{ Ref: 'DomainName' }], { Ref: 'AWS::NoValue' }] });
});

test('the publisher policy grants exactly the publishing protocol, its writes conditional, and nothing else', () => {
  const doc = Resources.PublisherPolicy.Properties.PolicyDocument;
  const grants = new Set();
  for (const st of doc.Statement) {
    assert.equal(st.Effect, 'Allow');
    assert.equal(st.NotAction, undefined);
    assert.equal(st.NotResource, undefined);
    for (const action of asList(st.Action)) {
      for (const resource of asList(st.Resource)) grants.add(`${action} ${subText(resource) ?? JSON.stringify(resource)} ${JSON.stringify(st.Condition ?? {})}`);
    }
  }
  const object = (key) => `\${Bucket.Arn}/${key}`;
  const read = ['live/pointer.json', 'states/*', 'private/history/*', 'private/draws/*', 'private/coverage/*'];
  const createOnly = JSON.stringify({ Null: { 's3:if-none-match': 'false' } });
  const expected = new Set([
    ...read.map((k) => `s3:GetObject ${object(k)} {}`),
    ...read.map((k) => `s3:PutObject ${object(k)} ${createOnly}`),
    `s3:PutObject ${object('live/pointer.json')} ${JSON.stringify({ Null: { 's3:if-match': 'false' } })}`,
    `s3:DeleteObject ${object('private/history/*')} {}`,
    `s3:DeleteObject ${object('states/*')} {}`,
    `s3:ListBucket ${JSON.stringify({ 'Fn::GetAtt': ['Bucket', 'Arn'] })} ${JSON.stringify({ StringLikeIfExists: { 's3:prefix': ['live/*', 'states/*', 'private/history/*', 'private/draws/*', 'private/coverage/*'] } })}`,
    `cloudfront:CreateInvalidation ${DISTRIBUTION_ARN['Fn::Sub']} {}`,
  ]);
  assert.deepEqual([...grants].sort(), [...expected].sort());
});

// The template's two policies, judged together for one S3 call (infra/iam.js: the IAM subset the template uses).
const BUCKET = 'arn:aws:s3:::cuecast-show';
const VALUES = { 'Bucket.Arn': BUCKET, 'AWS::Partition': 'aws', 'AWS::AccountId': '123456789012', Distribution: 'E2EXAMPLE' };
const publisherPolicy = Resources.PublisherPolicy.Properties.PolicyDocument;
const bucketPolicy = Resources.BucketPolicy.Properties.PolicyDocument;
const S3_ACTION = { get: 's3:GetObject', create: 's3:PutObject', replace: 's3:PutObject', put: 's3:PutObject', delete: 's3:DeleteObject' };
/** One call as S3ObjectStore makes it: create = If-None-Match: *, replace = If-Match: <etag>, put = neither. */
function call(op, key, { identity = [publisherPolicy], principal = {}, context = {} } = {}) {
  if (op === 'list') {
    const ctx = key === null ? {} : { 's3:prefix': key }; // null: no prefix in the request context at all
    return evaluate([...identity, bucketPolicy], { action: 's3:ListBucket', resource: BUCKET, context: ctx, principal }, VALUES).decision;
  }
  const conditional = op === 'create' ? { 's3:if-none-match': '*' } : op === 'replace' ? { 's3:if-match': '"9b2cf535f27731c974343645a3985328"' } : {};
  return evaluate([...identity, bucketPolicy],
    { action: S3_ACTION[op], resource: `${BUCKET}/${key}`, context: { ...conditional, ...context }, principal }, VALUES).decision;
}

test('every S3 call the publisher, the CLI and the control API make is allowed', () => {
  // Keys as spelled by publisher/.../ShowStore.java and Pointer.java, draws (control API) and the coverage
  // history kept in the store (private/coverage/<v>.json and private/coverage/due/<v>.json).
  const calls = [
    ['get', 'live/pointer.json'], ['create', 'live/pointer.json'], ['replace', 'live/pointer.json'],
    ['get', 'states/42.json'], ['create', 'states/42.json'], ['delete', 'states/41.json'],
    ['get', 'private/history/0000000000000000042.json'], ['create', 'private/history/0000000000000000042.json'],
    ['delete', 'private/history/0000000000000000001.json'], // cuecast gc --history-days
    ['get', 'private/draws/d7.json'], ['create', 'private/draws/d7.json'],
    ['get', 'private/coverage/0000000000000000042.json'], ['create', 'private/coverage/0000000000000000042.json'],
    ['create', 'private/coverage/due/0000000000000000042.json'],
    ['list', 'states/'], ['list', 'private/history/'], ['list', 'private/draws/'], ['list', 'private/coverage/'],
    // S3 answers a read of a missing key 404 only to a caller allowed s3:ListBucket; a fresh store's first
    // publish reads a pointer that is not there yet. With no prefix or the key as prefix, that right holds.
    ['list', null], ['list', 'live/pointer.json'], ['list', 'private/history/0000000000000000042.json'],
  ];
  for (const [op, key] of calls) assert.equal(call(op, key), 'allow', `${op} ${key}`);
  const invalidate = evaluate([publisherPolicy], { action: 'cloudfront:CreateInvalidation',
    resource: 'arn:aws:cloudfront::123456789012:distribution/E2EXAMPLE' }, VALUES);
  assert.equal(invalidate.decision, 'allow');
});

test('with the publisher\'s keys nothing can be overwritten, deleted outside states/ and the history, or listed outside the show', () => {
  const refused = [
    ['put', 'states/42.json'], ['replace', 'states/42.json'],            // a state is never replaced
    ['put', 'live/pointer.json'],                                        // the pointer only conditionally
    ['put', 'private/history/0000000000000000042.json'], ['replace', 'private/history/0000000000000000042.json'],
    ['replace', 'private/draws/d7.json'], ['put', 'private/coverage/0000000000000000042.json'],
    ['create', 'live/other.json'], ['get', 'live/other.json'],           // only the pointer under live/
    ['create', 'app/index.html'], ['get', 'app/index.html'], ['put', 'app/index.html'],
    ['create', 'private/other/x.json'], ['get', 'private/other/x.json'],
    ['delete', 'live/pointer.json'], ['delete', 'private/draws/d7.json'], ['delete', 'app/index.html'],
    ['delete', 'private/coverage/0000000000000000042.json'],
    ['list', 'app/'], ['list', ''], ['list', 'private/'], ['list', 'a'],
  ];
  for (const [op, key] of refused) assert.notEqual(call(op, key), 'allow', `${op} ${key}`);
  // Any other bucket, whatever the condition.
  assert.notEqual(evaluate([publisherPolicy], { action: 's3:PutObject', resource: 'arn:aws:s3:::other/states/1.json',
    context: { 's3:if-none-match': '*' } }, VALUES).decision, 'allow');
});

test('the bucket enforces conditional writes for every principal, an administrator included', () => {
  const admin = { Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
  const as = { identity: [admin] };
  for (const key of ['states/42.json', 'private/history/0000000000000000042.json', 'private/draws/d7.json', 'private/coverage/0000000000000000042.json']) {
    assert.equal(call('put', key, as), 'deny', `unconditional put ${key}`);
    assert.equal(call('replace', key, as), 'deny', `If-Match put ${key}`);
    assert.equal(call('create', key, as), 'allow', `If-None-Match put ${key}`);
  }
  assert.equal(call('put', 'live/pointer.json', as), 'deny');
  assert.equal(call('create', 'live/pointer.json', as), 'allow');
  assert.equal(call('replace', 'live/pointer.json', as), 'allow');
  assert.equal(call('put', 'app/index.html', as), 'allow', 'deploys upload the app as before');
  assert.equal(call('delete', 'states/42.json', as), 'allow', 'teardown and gc still delete');
  // CloudFront reads what viewers may see, and writes nothing.
  const cloudfront = { identity: [], principal: { service: 'cloudfront.amazonaws.com' },
    context: { 'AWS:SourceArn': 'arn:aws:cloudfront::123456789012:distribution/E2EXAMPLE' } };
  assert.equal(call('get', 'live/pointer.json', cloudfront), 'allow');
  assert.equal(call('get', 'private/draws/d7.json', cloudfront), 'implicit-deny');
  assert.notEqual(call('create', 'states/43.json', cloudfront), 'allow');
});

test('the publisher policy matches how the store code writes: every put conditional, these keys', () => {
  const src = (path) => readFileSync(new URL(`../publisher/src/main/java/dev/cuecast/${path}`, import.meta.url), 'utf8');
  const store = src('publish/ObjectStore.java');
  const methods = [...store.matchAll(/^\s{4}(?:default\s+)?[\w<>.]+\s+(\w+)\(/gm)].map((m) => m[1]).sort();
  assert.deepEqual(methods, ['close', 'createOnly', 'delete', 'get', 'list', 'replaceIfMatch'], 'no unconditional put in the store interface');
  const s3 = src('publish/S3ObjectStore.java');
  assert.equal((s3.match(/s3\.putObject\(/g) ?? []).length, 1, 'one put, inside put(..., condition, ...)');
  assert.match(s3, /put -> put\.ifNoneMatch\("\*"\)/);
  assert.match(s3, /put -> put\.ifMatch\(etag\)/);
  assert.doesNotMatch(s3, /copyObject|createMultipartUpload|deleteObjects/, 'no copy, multipart or batch delete');
  const show = src('publish/ShowStore.java');
  assert.match(show, /STATES = "states\/"/);
  assert.match(show, /HISTORY = "private\/history\/"/);
  assert.match(show, /DRAWS = "private\/draws\/"/);
  assert.match(src('cue/Pointer.java'), /KEY = "live\/pointer\.json"/);
});

test('a custom domain and its certificate come together, checked before anything is created', () => {
  const rules = template.Rules;
  assert.deepEqual(rules.CustomDomainNeedsCertificate.Assertions[0].Assert, { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'CertificateArn' }, ''] }] });
  assert.deepEqual(rules.CertificateNeedsCustomDomain.Assertions[0].Assert, { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'DomainName' }, ''] }] });
  assert.match('arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f', new RegExp(Parameters.CertificateArn.AllowedPattern));
  assert.doesNotMatch('arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f', new RegExp(Parameters.CertificateArn.AllowedPattern), 'CloudFront needs us-east-1');
});

test('every parameter is described, defaulted and constrained', () => {
  for (const [name, p] of Object.entries(Parameters)) {
    assert.ok(p.Description?.length > 20, `${name} has a description`);
    assert.ok('Default' in p, `${name} has a default`);
    assert.ok(p.AllowedValues || p.AllowedPattern || (p.MinValue !== undefined && p.MaxValue !== undefined), `${name} is constrained`);
  }
});

test('the outputs give the deploy script and the operator everything they need', () => {
  assert.deepEqual(Object.keys(Outputs).sort(), ['BucketName', 'BucketRegion', 'CoverageFlags', 'CoverageReaderPolicyArn',
    'CoverageStreamName', 'DistributionDomainName', 'DistributionId', 'OperatorCommand', 'OperatorFlags', 'PublisherPolicyArn',
    'SpectatorUrl']);
  assert.equal(subText(Outputs.OperatorCommand.Value), 'scripts/run --bucket ${Bucket} --region ${AWS::Region}');
});

test('pointer and state requests are sampled into real-time logs (10 % by default) with the query string, cache keys untouched', () => {
  const config = Resources.CoverageLogConfig;
  for (const path of ['/live/pointer.json', '/states/42.json']) {
    const behaviour = behaviourFor(path);
    assert.deepEqual(behaviour.RealtimeLogConfigArn, { 'Fn::If': ['HasCoverageLogs', { 'Fn::GetAtt': ['CoverageLogConfig', 'Arn'] }, { Ref: 'AWS::NoValue' }] });
    assert.equal(policyOf(behaviour).ParametersInCacheKeyAndForwardedToOrigin.QueryStringsConfig.QueryStringBehavior, 'none',
      'the phone id (?p=) is logged, never part of the cache key');
  }
  for (const path of ['/time', '/index.html', '/private/x']) assert.equal(behaviourFor(path).RealtimeLogConfigArn, undefined, path);
  assert.deepEqual(config.Properties.SamplingRate, { Ref: 'RealtimeLogSamplingRate' });
  assert.equal(Parameters.RealtimeLogSamplingRate.Default, 10);
  assert.deepEqual([Parameters.RealtimeLogSamplingRate.MinValue, Parameters.RealtimeLogSamplingRate.MaxValue], [0, 100]);
  // The control API reads these fields in this order (LogLines.CLOUDFRONT_FIELDS); no IP, user agent or location.
  assert.deepEqual(config.Properties.Fields, ['timestamp', 'sc-status', 'cs-uri-stem', 'cs-uri-query']);
  assert.equal(config.Condition, 'HasCoverageLogs');
});

test('the coverage stream is encrypted with the AWS-managed Kinesis key and keeps records 24 h unless the venue says otherwise', () => {
  const stream = Resources.CoverageStream.Properties;
  assert.deepEqual(stream.StreamEncryption, { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' },
    'the AWS-managed key: no key policy or grants for CloudFront\'s role or the reader');
  assert.deepEqual(stream.RetentionPeriodHours, { Ref: 'CoverageRetentionHours' });
  const retention = Parameters.CoverageRetentionHours;
  assert.equal(retention.Default, 24);
  assert.deepEqual([retention.MinValue, retention.MaxValue], [24, 168], 'Kinesis\'s minimum, at most a week');
  assert.match(retention.Description, /phone/, 'the description says whose ids are kept');
  const group = template.Metadata['AWS::CloudFormation::Interface'].ParameterGroups.find((g) => g.Parameters.includes('RealtimeLogSamplingRate'));
  assert.ok(group.Parameters.includes('CoverageRetentionHours'));
  // No KMS permissions are needed with the AWS-managed key; none are granted.
  const all = JSON.stringify([Resources.CoverageLogRole.Properties.Policies, Resources.CoverageReaderPolicy.Properties.PolicyDocument]);
  assert.doesNotMatch(all, /kms:/);
});

test('the coverage stream is on-demand, CloudFront may only put records into it and the control API only read them', () => {
  const stream = Resources.CoverageStream.Properties;
  assert.equal(stream.StreamModeDetails.StreamMode, 'ON_DEMAND');
  assert.equal(stream.ShardCount, undefined);
  const endpoint = Resources.CoverageLogConfig.Properties.EndPoints[0];
  assert.equal(endpoint.StreamType, 'Kinesis');
  assert.deepEqual(endpoint.KinesisStreamConfig.RoleArn, { 'Fn::GetAtt': ['CoverageLogRole', 'Arn'] });
  const role = Resources.CoverageLogRole.Properties;
  assert.deepEqual(role.AssumeRolePolicyDocument.Statement.map((st) => st.Principal.Service), ['cloudfront.amazonaws.com']);
  const put = role.Policies.flatMap((p) => p.PolicyDocument.Statement);
  assert.deepEqual(put.flatMap((st) => asList(st.Action)).sort(),
    ['kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:PutRecord', 'kinesis:PutRecords']);
  assert.ok(put.every((st) => JSON.stringify(st.Resource) === JSON.stringify({ 'Fn::GetAtt': ['CoverageStream', 'Arn'] })));
  const read = Resources.CoverageReaderPolicy.Properties.PolicyDocument.Statement;
  assert.deepEqual(read.flatMap((st) => asList(st.Action)).sort(), ['kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards']);
  assert.ok(read.every((st) => st.Effect === 'Allow' && JSON.stringify(st.Resource) === JSON.stringify({ 'Fn::GetAtt': ['CoverageStream', 'Arn'] })));
  assert.equal(subText(Outputs.CoverageFlags.Value),
    '--coverage-stream ${CoverageStream} --coverage-sampling ${RealtimeLogSamplingRate}');
});
