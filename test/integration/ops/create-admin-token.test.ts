import { startTestStack, type TestStack } from '../support/stack';
import { CHILD_TIMEOUT_MS, runOpsCommand } from './support';

let api: TestStack;
beforeAll(async () => {
  api = await startTestStack();
});
afterAll(async () => {
  await api.stop();
});

test(
  'It should create an admin token the API accepts, as the deploy guide tells ops to do',
  async () => {
    // The same command the stack output prints, pointed at the local DynamoDB the way the SDK is configured.
    const { stdout } = await runOpsCommand('create-admin-token.ts', [
      '--table',
      api.stack.tableName,
      '--region',
      'us-east-1',
    ]);
    const token = /\b(shwc_[A-Za-z0-9_-]{43})\b/.exec(stdout)?.[1];
    expect(token).toBeDefined();
    const expires = /expires (\S+)\./.exec(stdout)?.[1];
    expect(Date.parse(expires!) - Date.now()).toBeGreaterThan(364 * 24 * 60 * 60 * 1000);
    expect(Date.parse(expires!) - Date.now()).toBeLessThanOrEqual(365 * 24 * 60 * 60 * 1000);

    const departments = await api.request('GET', '/v1/departments', { token });
    expect(departments.status).toBe(200);
    const issued = await api.request('POST', '/v1/tokens', { token, body: { role: 'reviewer' } });
    expect(issued.status).toBe(201);
  },
  CHILD_TIMEOUT_MS + 5_000,
);

test(
  'It should refuse to run without a table name',
  async () => {
    await expect(runOpsCommand('create-admin-token.ts', [])).rejects.toMatchObject({
      code: 2,
    });
  },
  CHILD_TIMEOUT_MS + 5_000,
);
