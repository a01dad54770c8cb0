// CloudFront Function (cloudfront-js-2.0, viewer request) for /private/*: the audit trail and draws are
// never served to viewers. The bucket policy grants CloudFront no read there either; this answers
// before any cache lookup or origin hop.
function handler(event) {
  return {
    statusCode: 403,
    statusDescription: 'Forbidden',
    headers: {
      'content-type': { value: 'application/json' },
      'cache-control': { value: 'no-store' },
    },
    body: { encoding: 'text', data: '{"error":"forbidden","message":"private objects are not served"}' },
  };
}
