// The S3 part of infra/cuecast.yaml as a stand-alone CloudFormation template (JSON, long-form intrinsics):
// the bucket with the parameters, conditions and outputs it needs, nothing that names CloudFront or IAM.
// An emulator without CloudFront (LocalStack) can deploy it: publisher's TemplateS3PartLocalStackTest.
// `node infra/s3-part.js` prints it.
//
// Left out on purpose: the BucketPolicy. Its Allow statement is scoped to the distribution's ARN, so it
// cannot exist without the CloudFront resources; the full template carries it (and infra/cuecast.test.js
// checks it).
import { fileURLToPath } from 'node:url';
import { loadTemplate } from './cfn.js';

const TEMPLATE = new URL('cuecast.yaml', import.meta.url);
const PART_RESOURCES = ['Bucket'];

/** Names a template fragment refers to: Ref, Fn::GetAtt, ${...} in Fn::Sub, conditions in Fn::If/Condition. */
export function referencesIn(node, found = { names: new Set(), conditions: new Set() }) {
  if (Array.isArray(node)) {
    node.forEach((item) => referencesIn(item, found));
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'Ref' && typeof value === 'string') found.names.add(value);
      else if (key === 'Fn::GetAtt') found.names.add(Array.isArray(value) ? value[0] : value.split('.')[0]);
      else if (key === 'Fn::Sub') {
        const [text, vars = {}] = Array.isArray(value) ? value : [value];
        for (const [, name] of text.matchAll(/\$\{([^}!][^}]*)\}/g)) {
          const base = name.split('.')[0];
          if (!(base in vars)) found.names.add(base);
        }
        referencesIn(vars, found);
        continue;
      } else if (key === 'Fn::If') found.conditions.add(value[0]);
      else if (key === 'Condition' && typeof value === 'string') found.conditions.add(value);
      referencesIn(value, found);
    }
  }
  return found;
}

/** The S3 part of the template at `path` (default infra/cuecast.yaml), as a JSON-ready object. */
export function s3Part(path = TEMPLATE) {
  const full = loadTemplate(path);
  const resources = Object.fromEntries(PART_RESOURCES.map((name) => [name, full.Resources[name]]));

  // Conditions can use other conditions and parameters: follow them until nothing new turns up.
  const parameters = new Set();
  const conditions = new Set();
  const pending = [resources];
  while (pending.length > 0) {
    const { names, conditions: used } = referencesIn(pending.pop());
    for (const name of names) {
      if (name.startsWith('AWS::') || name in resources) continue;
      if (!(name in (full.Parameters ?? {}))) {
        throw new Error(`the S3 part refers to ${name}, which is outside it; extend PART_RESOURCES or drop the reference`);
      }
      parameters.add(name);
    }
    for (const name of used) {
      if (!conditions.has(name)) {
        conditions.add(name);
        pending.push(full.Conditions[name]);
      }
    }
  }

  // Outputs survive only when everything they name is in the part (BucketName yes, DistributionId no).
  const inPart = (name) => name.startsWith('AWS::') || name in resources || parameters.has(name);
  const outputs = Object.entries(full.Outputs ?? {}).filter(([, output]) => {
    const refs = referencesIn(output);
    return [...refs.names].every(inPart) && [...refs.conditions].every((c) => conditions.has(c));
  });

  const pick = (source, names) => Object.fromEntries([...names].sort().map((name) => [name, source[name]]));
  return {
    AWSTemplateFormatVersion: full.AWSTemplateFormatVersion,
    Description: 'Cuecast S3 part of infra/cuecast.yaml: the private, encrypted bucket (no bucket policy: its read grant is scoped to the CDN)',
    Parameters: pick(full.Parameters, parameters),
    ...(conditions.size > 0 ? { Conditions: pick(full.Conditions, conditions) } : {}),
    Resources: resources,
    Outputs: Object.fromEntries(outputs),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(JSON.stringify(s3Part(), null, 2) + '\n');
}
