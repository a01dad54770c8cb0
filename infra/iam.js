// A small evaluator of the IAM policy language, for the subset infra/cuecast.yaml uses, so tests can ask "may
// the publisher make this S3 call?" of the template itself. Not AWS's evaluator: moto (5.x) checks only
// StringEquals conditions and has no policy simulator, and AWS's own (`aws iam simulate-custom-policy`) needs
// an account. Anything outside the subset throws, so a template change the evaluator cannot judge fails the
// test instead of passing it.
//
// Subset: Effect Allow/Deny; Action and Resource (strings or lists, * and ? wildcards; no NotAction,
// NotResource, NotPrincipal); Principal '*', { Service } or absent (identity policies); condition operators
// Null, Bool, StringEquals, StringLike, each optionally ...IfExists. Same-account evaluation: an explicit Deny
// in any policy wins, else an Allow in any policy allows, else the request is refused.

const OPERATORS = new Set(['Null', 'Bool', 'StringEquals', 'StringLike']);

const asList = (v) => (Array.isArray(v) ? v : [v]);

function wildcard(pattern, value) {
  const re = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
  return re.test(value);
}

/** Resolves { 'Fn::Sub' }, { 'Fn::GetAtt' } and { Ref } against `values` (names as in the template). */
export function resolve(value, values) {
  if (typeof value === 'string') return value;
  if (value && typeof value['Fn::Sub'] === 'string') {
    return value['Fn::Sub'].replace(/\$\{([^}]+)\}/g, (_, name) => {
      if (!(name in values)) throw new Error(`no value for \${${name}}`);
      return values[name];
    });
  }
  if (value && Array.isArray(value['Fn::GetAtt'])) return resolve({ 'Fn::Sub': `\${${value['Fn::GetAtt'].join('.')}}` }, values);
  if (value && typeof value.Ref === 'string') return resolve({ 'Fn::Sub': `\${${value.Ref}}` }, values);
  throw new Error(`cannot resolve ${JSON.stringify(value)}`);
}

function conditionHolds(condition, context, values) {
  for (const [operatorName, keys] of Object.entries(condition ?? {})) {
    const ifExists = operatorName.endsWith('IfExists');
    const operator = ifExists ? operatorName.slice(0, -'IfExists'.length) : operatorName;
    if (!OPERATORS.has(operator) || (ifExists && operator === 'Null')) throw new Error(`condition operator ${operatorName} is not evaluated here`);
    for (const [key, expected] of Object.entries(keys)) {
      const present = Object.hasOwn(context, key);
      const wanted = asList(expected).map((w) => (typeof w === 'object' ? resolve(w, values) : String(w)));
      if (operator === 'Null') {
        if (String(!present) !== wanted[0]) return false;
        continue;
      }
      if (!present) {
        if (ifExists) continue;
        return false;
      }
      const actual = asList(context[key]).map(String);
      const match = operator === 'StringLike' ? (a, w) => wildcard(w, a) : (a, w) => a === w;
      // One context value (all S3 keys here are single-valued) against any of the policy's values.
      if (!actual.every((a) => wanted.some((w) => match(a, w)))) return false;
    }
  }
  return true;
}

function principalMatches(statement, principal) {
  if (!('Principal' in statement)) return true; // an identity policy: the principal it is attached to
  const p = statement.Principal;
  if (p === '*') return true;
  if (p && p.Service) return principal.service !== undefined && asList(p.Service).includes(principal.service);
  throw new Error(`principal ${JSON.stringify(p)} is not evaluated here`);
}

function statementApplies(statement, request, values) {
  for (const key of ['NotAction', 'NotResource', 'NotPrincipal']) {
    if (key in statement) throw new Error(`${key} is not evaluated here`);
  }
  if (!principalMatches(statement, request.principal ?? {})) return false;
  if (!asList(statement.Action).some((a) => wildcard(a, request.action))) return false;
  if (!asList(statement.Resource).some((r) => wildcard(resolve(r, values), request.resource))) return false;
  return conditionHolds(statement.Condition, request.context ?? {}, values);
}

/**
 * @param {object[]} policies  policy documents ({ Statement }) that bear on the request: the caller's identity
 *   policies and the resource's policy
 * @param {{ action: string, resource: string, context?: object, principal?: { service?: string } }} request
 *   context: the request's condition keys, e.g. { 's3:if-none-match': '*' } or { 's3:prefix': 'states/' }
 * @param {object} values  what ${...} in the template stands for, e.g. { 'Bucket.Arn': 'arn:aws:s3:::b' }
 * @returns {'allow' | 'deny' | 'implicit-deny'} and which statement decided, as { decision, sid }
 */
export function evaluate(policies, request, values) {
  let allowedBy = null;
  for (const doc of policies) {
    for (const statement of asList(doc.Statement)) {
      if (!statementApplies(statement, request, values)) continue;
      if (statement.Effect === 'Deny') return { decision: 'deny', sid: statement.Sid };
      if (statement.Effect === 'Allow') allowedBy ??= statement.Sid ?? '(no Sid)';
      else throw new Error(`effect ${statement.Effect}`);
    }
  }
  return allowedBy ? { decision: 'allow', sid: allowedBy } : { decision: 'implicit-deny', sid: null };
}
