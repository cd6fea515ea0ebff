/** CDK entry point (`cdk.json` runs it with tsx): build the stacks from the CLI's context and synthesize. */
import { buildApp } from './app-builder';

buildApp().app.synth();
