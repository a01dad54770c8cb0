// Reads a CloudFormation YAML template into plain JSON form (the shape `aws cloudformation` and
// cfn-lint see), so tests can assert on it. Short-form intrinsics (!Ref, !Sub, !If, ...) become their
// long form ({ Ref }, { 'Fn::Sub' }, { 'Fn::If' }, ...).
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const FUNCTIONS = ['Base64', 'Cidr', 'Equals', 'FindInMap', 'GetAZs', 'GetAtt', 'If', 'ImportValue',
  'Join', 'Not', 'And', 'Or', 'Select', 'Split', 'Sub', 'Transform'];

function longForm(name, value) {
  if (name === 'Ref' || name === 'Condition') return { [name]: value };
  if (name === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [`Fn::${name}`]: value };
}

const customTags = ['Ref', 'Condition', ...FUNCTIONS].flatMap((name) => [
  { tag: `!${name}`, resolve: (str) => longForm(name, str) },
  { tag: `!${name}`, collection: 'seq', resolve: (seq) => longForm(name, seq.toJSON()) },
  { tag: `!${name}`, collection: 'map', resolve: (map) => longForm(name, map.toJSON()) },
]);

export function parseTemplate(text) {
  return parse(text, { customTags, maxAliasCount: -1 });
}

export function loadTemplate(path) {
  return parseTemplate(readFileSync(path, 'utf8'));
}
