/**
 * Stands in for `@aws-sdk/credential-provider-node` in the deployed bundles only: esbuild aliases that
 * package to this module (infra/constructs/showcase-function.ts), so every SDK client's default
 * credential chain becomes "the environment".
 *
 * Why: Lambda hands a function its execution role's credentials in AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, so in Lambda the chain's first link always answers and
 * the others (shared profiles, SSO, credential processes, web identity, container and instance
 * metadata, and the STS, SSO and sign-in clients they bring along) never run; bundled anyway, they
 * were about 130 KB of every function that talks to AWS, parsed on every cold start
 * (`npm run bench:cold`). The sources, which the tests, the local stack and the ops command run, keep
 * the SDK's full chain.
 */
import { fromEnv, type FromEnvInit } from '@aws-sdk/credential-provider-env';

/** Same name and call shape as the SDK's `defaultProvider`, which the clients call with their config. */
export function defaultProvider(init: FromEnvInit = {}): ReturnType<typeof fromEnv> {
  return fromEnv(init);
}
