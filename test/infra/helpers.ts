/**
 * Builds the app the way `cdk synth` does (cdk.json's context, feature flags included) but without
 * bundling, and synthesizes it once; cdk-nag runs during that synthesis and throws on any finding.
 */
import { readFileSync } from 'node:fs';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp, PROJECT_ROOT, type ShowcaseApp } from '../../infra/app-builder';

export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(`${PROJECT_ROOT}/cdk.json`, 'utf8')) as {
    context: Record<string, unknown>;
  };
  return cdkJson.context;
}

export interface SynthesizedApp extends ShowcaseApp {
  readonly statefulTemplate: Template;
  readonly statelessTemplate: Template;
  readonly webTemplate: Template;
}

export function synthesize(overrides: Record<string, unknown> = {}): SynthesizedApp {
  const built = buildApp({ ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...overrides });
  built.app.synth();
  return {
    ...built,
    statefulTemplate: Template.fromStack(built.stateful),
    statelessTemplate: Template.fromStack(built.stateless),
    webTemplate: Template.fromStack(built.web),
  };
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

export function resourcesOfType(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}
