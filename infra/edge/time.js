// CloudFront Function (cloudfront-js-2.0, viewer request) for GET /time: answers at the edge with the
// server clock in epoch milliseconds, so phones sync against a nearby PoP instead of the origin
// (a short round trip shrinks the asymmetry floor). Never cached: a cached time is a wrong time.
function handler(event) {
  return {
    statusCode: 200,
    statusDescription: 'OK',
    headers: {
      'content-type': { value: 'application/json' },
      'cache-control': { value: 'no-store' },
    },
    body: { encoding: 'text', data: '{"t":' + Date.now() + '}' },
  };
}
