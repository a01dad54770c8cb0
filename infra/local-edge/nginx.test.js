// The local edge must send the same security headers as CloudFront's response-headers policy, or a
// header that breaks the app in production would go unnoticed locally.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadTemplate } from '../cfn.js';

const conf = readFileSync(new URL('nginx.conf', import.meta.url), 'utf8');
const policy = loadTemplate(new URL('../cuecast.yaml', import.meta.url))
  .Resources.SecurityHeadersPolicy.Properties.ResponseHeadersPolicyConfig;

function nginxHeader(name) {
  const m = conf.match(new RegExp(`^\\s*add_header ${name} (?:"([^"]*)"|(\\S+)) always;`, 'm'));
  assert.ok(m, `nginx.conf adds ${name}`);
  return m[1] ?? m[2];
}
const oneLine = (s) => s.replace(/\s+/g, ' ').trim();

test('the local edge sends the CloudFront security headers', () => {
  const sec = policy.SecurityHeadersConfig;
  assert.equal(nginxHeader('Content-Security-Policy'), oneLine(sec.ContentSecurityPolicy.ContentSecurityPolicy));
  assert.equal(nginxHeader('X-Content-Type-Options'), 'nosniff');
  assert.equal(nginxHeader('X-Frame-Options'), sec.FrameOptions.FrameOption);
  assert.equal(nginxHeader('Referrer-Policy'), sec.ReferrerPolicy.ReferrerPolicy);
  for (const { Header, Value } of policy.CustomHeadersConfig.Items) assert.equal(nginxHeader(Header), Value);
});

test('the local edge keys the cache on the path only and never caches /time', () => {
  assert.match(conf, /^\s*proxy_cache_key \$uri;/m);
  const time = conf.match(/location = \/time \{([^}]*)\}/);
  assert.ok(time, 'an exact /time location');
  assert.match(time[1], /proxy_cache off;/);
});

test('the benchmark\'s plain nginx runs with the edge\'s own transport settings', () => {
  const plain = readFileSync(new URL('static.conf', import.meta.url), 'utf8');
  const directive = (text, name) => {
    const found = [...text.replace(/#.*$/gm, '').matchAll(new RegExp(`^\\s*${name}\\s+([^;]*);`, 'gm'))].map((m) => m[1].trim());
    assert.equal(found.length, 1, `${name} once`);
    return found[0];
  };
  for (const name of ['worker_processes', 'worker_connections', 'open_file_cache', 'open_file_cache_valid', 'sendfile',
    'tcp_nodelay', 'keepalive_timeout', 'keepalive_requests', 'server_tokens']) {
    assert.equal(directive(plain, name), directive(conf, name), name);
  }
  const backlog = (text) => [...text.matchAll(/listen 127\.0\.0\.1:@PORT@ ([^;]*);/g)].map((m) => m[1]);
  assert.deepEqual(backlog(plain), backlog(conf));
  assert.equal(directive(plain, 'access_log'), 'off');
  assert.doesNotMatch(plain.replace(/#.*$/gm, ''), /add_header|proxy_pass|proxy_cache/);
});

test('--phone-id off removes exactly the coverage log and the query string', () => {
  const marked = conf.split('\n').filter((l) => /# phone-id$/.test(l));
  assert.ok(marked.some((l) => /access_log \S+\/coverage\.log /.test(l)), 'the coverage log is marked');
  const off = conf.split('\n').filter((l) => !/# phone-id$/.test(l)).join('\n').replace(/#.*$/gm, '');
  assert.doesNotMatch(off, /coverage_sampled|coverage\.log/, 'nothing left refers to it');
  assert.equal((off.match(/\{/g) ?? []).length, (off.match(/\}/g) ?? []).length, 'blocks stay balanced');
  assert.match(conf, /^\s*set \$viewer_query @VIEWER_QUERY@;/m);
  assert.match(conf, /^\s*log_format edge '[^']* \$viewer_query';/m, 'the query string is the last field');
});
