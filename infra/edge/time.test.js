// The CloudFront Functions run as plain scripts with a global handler(event) and no module system;
// node:vm runs them the same way, fed with the JSON events `aws cloudfront test-function` replays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { loadTemplate } from '../cfn.js';

const here = new URL('.', import.meta.url);
const read = (name) => readFileSync(new URL(name, here), 'utf8');

function loadFunction(name) {
  const context = vm.createContext({});
  vm.runInContext(read(name), context, { filename: name });
  assert.equal(typeof context.handler, 'function', `${name} defines handler(event)`);
  return context.handler;
}

function header(response, name) {
  return response.headers?.[name]?.value;
}

test('time function answers the viewer request itself with epoch milliseconds', () => {
  const handler = loadFunction('time.js');
  const event = JSON.parse(read('time.event.json'));
  const before = Date.now();
  const response = handler(event);
  const after = Date.now();

  assert.equal(response.statusCode, 200);
  assert.equal(response.uri, undefined, 'a response, not a request passed on to the origin');
  assert.equal(response.body.encoding, 'text');
  const body = JSON.parse(response.body.data);
  assert.deepEqual(Object.keys(body), ['t']);
  assert.ok(Number.isFinite(body.t));
  assert.ok(body.t >= before && body.t <= after, `t=${body.t} is milliseconds between ${before} and ${after}`);
});

test('time function response is never stored by any cache and is JSON', () => {
  const response = loadFunction('time.js')(JSON.parse(read('time.event.json')));
  assert.equal(header(response, 'cache-control'), 'no-store');
  assert.equal(header(response, 'content-type'), 'application/json');
  for (const name of Object.keys(response.headers)) assert.equal(name, name.toLowerCase(), 'CloudFront wants lower-case header names');
});

test('time function answers later calls with later times', async () => {
  const handler = loadFunction('time.js');
  const event = JSON.parse(read('time.event.json'));
  const first = JSON.parse(handler(event).body.data).t;
  await new Promise((r) => setTimeout(r, 5));
  const second = JSON.parse(handler(event).body.data).t;
  assert.ok(second > first, `${second} > ${first}`);
});

test('deny function refuses private objects with 403 before any origin hop', () => {
  const response = loadFunction('deny.js')(JSON.parse(read('deny.event.json')));
  assert.equal(response.statusCode, 403);
  assert.equal(header(response, 'cache-control'), 'no-store');
  assert.equal(JSON.parse(response.body.data).error, 'forbidden');
});

test('app function: / and /?seat=N are redirected to /show with the query, kept by the phone alone', () => {
  const handler = loadFunction('app.js');
  const event = JSON.parse(read('app.event.json'));
  const response = handler(event);
  assert.equal(response.statusCode, 302);
  assert.equal(header(response, 'location'), '/show?seat=12&debug=1');
  assert.equal(header(response, 'cache-control'), 'private, max-age=604800', 'a shared cache keys it without the query');
  for (const name of Object.keys(response.headers)) assert.equal(name, name.toLowerCase(), 'CloudFront wants lower-case header names');
  const redirect = (uri, querystring) => header(handler({ ...event, request: { ...event.request, uri, querystring } }), 'location');
  assert.equal(redirect('/', {}), '/show');
  assert.equal(redirect('/show/', { seat: { value: '4' } }), '/show?seat=4');
  assert.equal(redirect('/', { seat: { value: '1', multiValue: [{ value: '1' }, { value: '2' }] }, debug: { value: '' } }),
    '/show?seat=1&seat=2&debug');
});

test('app function: /show is the app\'s index.html; every other path passes unchanged', () => {
  const handler = loadFunction('app.js');
  const request = (uri) => ({ ...JSON.parse(read('app.event.json')), request: { method: 'GET', uri, querystring: { seat: { value: '3' } }, headers: {}, cookies: {} } });
  const page = handler(request('/show'));
  assert.equal(page.uri, '/index.html', 'a request passed on to the origin, not a response');
  assert.deepEqual(page.querystring, { seat: { value: '3' } });
  for (const uri of ['/index.html', '/app.js', '/show-sw.js', '/sw.js', '/lib/clock.js', '/showcase', '/manifest.webmanifest']) {
    assert.equal(handler(request(uri)).uri, uri, uri);
  }
});

test('edge functions stay within the CloudFront Functions 10 KB code limit and use no modules', () => {
  for (const name of ['time.js', 'deny.js', 'app.js']) {
    const code = read(name);
    assert.ok(Buffer.byteLength(code) < 10 * 1024, `${name} is under 10 KB`);
    assert.doesNotMatch(code, /\b(require|import|export)\b/, `${name} has no module syntax`);
  }
});

test('the template embeds exactly the code of time.js, deny.js and app.js', () => {
  const { Resources } = loadTemplate(new URL('../cuecast.yaml', here));
  assert.equal(Resources.TimeFunction.Properties.FunctionCode, read('time.js'));
  assert.equal(Resources.DenyFunction.Properties.FunctionCode, read('deny.js'));
  assert.equal(Resources.AppFunction.Properties.FunctionCode, read('app.js'));
  assert.equal(Resources.AppFunction.Properties.FunctionConfig.Runtime, 'cloudfront-js-2.0');
  assert.equal(Resources.TimeFunction.Properties.FunctionConfig.Runtime, 'cloudfront-js-2.0');
  assert.equal(Resources.DenyFunction.Properties.FunctionConfig.Runtime, 'cloudfront-js-2.0');
});
