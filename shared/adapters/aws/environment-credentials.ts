/**
 * The credentials the light clients sign with (the DynamoDB/Lambda/EventBridge JSON client and the
 * presigned links), read from the variables Lambda sets for the execution role. Read on every call, so
 * rotated credentials are picked up; a missing pair is a configuration error, said in words.
 */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export function environmentCredentials(env: NodeJS.ProcessEnv): () => AwsCredentials {
  return () => {
    const accessKeyId = env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey) {
      throw new Error(
        'AWS credentials are not set in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)',
      );
    }
    return {
      accessKeyId,
      secretAccessKey,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    };
  };
}
