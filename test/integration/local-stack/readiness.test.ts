import { DEMO_REMINDER_WEEK } from '../../../infra/local/demo/periods';
import { startProcess, type StartedProcess } from '../support/start-process';

const ADMIN_TOKEN = 'readiness-admin-token-0123456789abcdefghijklmnop';
let started: StartedProcess;
beforeAll(async () => {
  // With the demo data, so that the start has real work to do after its port opens.
  started = await startProcess({ ADMIN_TOKEN, ACCESS_LOG: '0' });
}, 30_000);
afterAll(async () => {
  await started.stop();
});

test('It should answer health with 200 only once the ADMIN_TOKEN and the demo data are in place', async () => {
  // What a script does: wait for health, then call with the admin token at once.
  const seen: number[] = [];
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = await fetch(`${started.url}/v1/health`).then(
      async (response) => {
        if (response.status === 503) {
          expect(response.headers.get('retry-after')).toBe('1');
          expect(await response.json()).toEqual({ status: 'starting' });
        }
        return response.status;
      },
      () => 0, // not listening yet
    );
    seen.push(status);
    if (status === 200) break;
    if (Date.now() > deadline) throw new Error(`health never answered 200: ${seen.join(',')}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(seen.every((status) => [0, 503, 200].includes(status))).toBe(true);

  const departments = await fetch(`${started.url}/v1/departments`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  expect(departments.status).toBe(200);
  const body = (await departments.json()) as { departments: unknown[] };
  expect(body.departments).toHaveLength(11);
}, 70_000);

test("It should name somebody when the start banner's example reminder is sent", async () => {
  // The banner suggests `POST /v1/reminders/<DEMO_REMINDER_WEEK>`: an example that answers "nobody" teaches nothing.
  const response = await fetch(`${started.url}/v1/reminders/${DEMO_REMINDER_WEEK}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { week: string; departments: string[] };
  expect(body.week).toBe(DEMO_REMINDER_WEEK);
  // 区乡村振兴局 sent nothing for that week in the demo data.
  expect(body.departments).toEqual(['xczxj']);
}, 30_000);
