// The IAM subset evaluator the template tests rely on (infra/iam.js): the rules it must get right, and that it
// refuses to judge what it does not model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, resolve } from './iam.js';

const put = (context, policies) => evaluate(policies, { action: 's3:PutObject', resource: 'arn:aws:s3:::b/states/1.json', context }, {}).decision;
const allowIf = (Condition) => ({ Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/states/*', Condition }] });

test('Null: "false" needs the key, "true" needs it absent', () => {
  assert.equal(put({ 's3:if-none-match': '*' }, [allowIf({ Null: { 's3:if-none-match': 'false' } })]), 'allow');
  assert.equal(put({}, [allowIf({ Null: { 's3:if-none-match': 'false' } })]), 'implicit-deny');
  assert.equal(put({}, [allowIf({ Null: { 's3:if-none-match': 'true' } })]), 'allow');
  // Two keys in one Null block: both must hold (AND).
  const both = allowIf({ Null: { 's3:if-none-match': 'true', 's3:if-match': 'true' } });
  assert.equal(put({ 's3:if-match': 'x' }, [both]), 'implicit-deny');
});

test('StringLike matches wildcards, fails on a missing key; ...IfExists passes a missing key', () => {
  const list = (context, op) => evaluate([{ Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b',
    Condition: { [op]: { 's3:prefix': ['states/*', 'live/*'] } } }] }], { action: 's3:ListBucket', resource: 'arn:aws:s3:::b', context }, {}).decision;
  assert.equal(list({ 's3:prefix': 'states/' }, 'StringLike'), 'allow');
  assert.equal(list({ 's3:prefix': 'app/' }, 'StringLike'), 'implicit-deny');
  assert.equal(list({}, 'StringLike'), 'implicit-deny');
  assert.equal(list({}, 'StringLikeIfExists'), 'allow');
  assert.equal(list({ 's3:prefix': '' }, 'StringLikeIfExists'), 'implicit-deny');
});

test('an explicit Deny wins over any Allow; no Allow is an implicit deny', () => {
  const deny = { Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*' }] };
  const allow = { Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
  assert.equal(put({}, [allow, deny]), 'deny');
  assert.equal(put({}, [allow]), 'allow');
  assert.equal(put({}, []), 'implicit-deny');
});

test('a service principal only matches that service', () => {
  const policy = { Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] };
  const get = (principal) => evaluate([policy], { action: 's3:GetObject', resource: 'arn:aws:s3:::b/x', principal }, {}).decision;
  assert.equal(get({ service: 'cloudfront.amazonaws.com' }), 'allow');
  assert.equal(get({}), 'implicit-deny');
});

test('what it does not model, it refuses to judge', () => {
  assert.throws(() => put({}, [allowIf({ ArnLike: { 'aws:SourceArn': 'x' } })]), /ArnLike/);
  assert.throws(() => put({}, [allowIf({ NullIfExists: { 'x': 'true' } })]), /NullIfExists/);
  assert.throws(() => put({}, [{ Statement: [{ Effect: 'Allow', NotAction: 's3:GetObject', Resource: '*' }] }]), /NotAction/);
  assert.throws(() => resolve({ 'Fn::Sub': '${Missing}' }, {}), /Missing/);
});
