/**
 * Acknowledging cdk-nag findings. cdk-nag 3 names each IAM5 finding after the flattened resource,
 * e.g. `AwsSolutions-IAM5[Resource::<Fn.Arn>:*]`, and accepts only that exact id. For a resource
 * that lives in the other stack the flattened form is only known once CDK has turned the reference
 * into an import, so such acknowledgments are recorded from a construct validation, which CDK runs
 * after resolving cross-stack references and before the validation plugins.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

const NAG_IAM5 = 'AwsSolutions-IAM5';

export interface WildcardAcknowledgment {
  /** Wildcard actions exactly as the grant writes them, e.g. `s3:GetObject*`. */
  readonly actions?: readonly string[];
  /** Resources as tokens or strings, e.g. `bucket.arnForObjects('*')`. */
  readonly resources?: readonly string[];
  /** Why the wildcard is acceptable; shown to reviewers in the validation report. */
  readonly reason: string;
}

/** Acknowledges AwsSolutions-IAM5 for exactly these wildcard actions and resources on `scope`. */
export function acknowledgeWildcards(scope: IConstruct, acknowledgment: WildcardAcknowledgment): void {
  const { reason } = acknowledgment;
  for (const action of acknowledgment.actions ?? []) {
    Validations.of(scope).acknowledge({ id: `${NAG_IAM5}[Action::${action}]`, reason });
  }
  const resources = acknowledgment.resources ?? [];
  if (resources.length === 0) return;
  scope.node.addValidation({
    validate: () => {
      for (const resource of resources) {
        const flattened = flattenReference(Stack.of(scope).resolve(resource));
        Validations.of(scope).acknowledge({ id: `${NAG_IAM5}[Resource::${flattened}]`, reason });
      }
      return [];
    },
  });
}

/** The same flattening cdk-nag applies to an IAM resource before naming the finding. */
export function flattenReference(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (typeof node === 'object' && node !== null) {
    const record = node as Record<string, unknown>;
    if (Array.isArray(record['Fn::Join'])) {
      const [delimiter, items] = record['Fn::Join'] as [string, unknown[]];
      return items.map(flattenReference).join(delimiter);
    }
    if ('Fn::Sub' in record) return flattenReference(record['Fn::Sub']);
    if (Array.isArray(record['Fn::GetAtt'])) {
      const [resource, attribute] = record['Fn::GetAtt'] as [unknown, unknown];
      return `<${flattenReference(resource)}.${flattenReference(attribute)}>`;
    }
    if ('Fn::ImportValue' in record) return flattenReference(record['Fn::ImportValue']);
    if ('Ref' in record) return `<${flattenReference(record.Ref)}>`;
  }
  return JSON.stringify(node);
}
