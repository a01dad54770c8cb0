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
