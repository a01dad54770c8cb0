// CloudFront Function (cloudfront-js-2.0, viewer request) for the spectator app (the default behaviour): the app is
// the page /show, so its service worker's scope (/show) covers nothing else on the origin. "/" and "/?seat=N"
// (printed QR codes, old links) are redirected there with their query, kept a week by the phone alone (private), so
// a phone that scanned its seat once opens the app offline; /show is answered with app/index.html. The control API
// does the same for the local stack (StaticFiles.java).
function handler(event) {
  var request = event.request;
  if (request.uri === '/' || request.uri === '/show/') {
    var query = [];
    for (var name in request.querystring) {
      var param = request.querystring[name];
      var values = param.multiValue ? param.multiValue : [param];
      for (var i = 0; i < values.length; i++) query.push(values[i].value === '' ? name : name + '=' + values[i].value);
    }
    return {
      statusCode: 302,
      statusDescription: 'Found',
      headers: {
        location: { value: '/show' + (query.length ? '?' + query.join('&') : '') },
        'cache-control': { value: 'private, max-age=604800' },
      },
    };
  }
  if (request.uri === '/show') request.uri = '/index.html';
  return request;
}
