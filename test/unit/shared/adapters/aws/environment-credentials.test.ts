import { environmentCredentials } from '../../../../../shared/adapters/aws/environment-credentials';

describe('environmentCredentials', () => {
  it('reads the role credentials Lambda sets, session token included', () => {
    const credentials = environmentCredentials({
      AWS_ACCESS_KEY_ID: 'AKID',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'token',
    });
    expect(credentials()).toEqual({ accessKeyId: 'AKID', secretAccessKey: 'secret', sessionToken: 'token' });
  });

  it('reads the variables on every call, so rotated credentials are used', () => {
    const env: NodeJS.ProcessEnv = { AWS_ACCESS_KEY_ID: 'first', AWS_SECRET_ACCESS_KEY: 'secret' };
    const credentials = environmentCredentials(env);
    expect(credentials()).toEqual({ accessKeyId: 'first', secretAccessKey: 'secret' });
    env.AWS_ACCESS_KEY_ID = 'second';
    expect(credentials().accessKeyId).toBe('second');
  });

  it('names the missing variables instead of signing with nothing', () => {
    expect(() => environmentCredentials({ AWS_ACCESS_KEY_ID: 'AKID' })()).toThrow(
      /AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY/,
    );
  });
});
