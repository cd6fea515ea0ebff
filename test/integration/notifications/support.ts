/**
 * A fake group-robot server on loopback for the notification tests. It checks each request the way the
 * vendor does (DingTalk's and Feishu's signatures, recomputed here from their documented algorithms,
 * WeCom's key) and records what it accepted; one path always answers 500.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const DINGTALK_TOKEN = 'ding-access-token';
export const DINGTALK_SECRET = 'SECding-signing-secret-0123456789';
export const FEISHU_SECRET = 'feishu-signing-secret';
export const WECOM_KEY = 'wecom-key-0000';

export interface Received {
  robot: 'dingtalk' | 'feishu' | 'wecom' | 'broken';
  text: string;
}

export interface FakeRobots {
  url: string;
  received: Received[];
  /** Requests to the path that always fails, counted. */
  brokenAttempts: number;
  /** Requests refused for a bad signature or key. */
  refused: string[];
  stop(): Promise<void>;
}

function hmacBase64(key: string, message: string): string {
  return createHmac('sha256', key).update(message).digest('base64');
}

export async function startFakeRobots(): Promise<FakeRobots> {
  const robots: FakeRobots = {
    url: '',
    received: [],
    brokenAttempts: 0,
    refused: [],
    stop: async () => undefined,
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://robots');
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      const answer = (status: number, json: unknown) =>
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      switch (url.pathname) {
        case '/robot/send': {
          const timestamp = url.searchParams.get('timestamp') ?? '';
          const expected = hmacBase64(DINGTALK_SECRET, `${timestamp}\n${DINGTALK_SECRET}`);
          const fresh = Math.abs(Date.now() - Number(timestamp)) < 3600_000;
          if (
            url.searchParams.get('access_token') !== DINGTALK_TOKEN ||
            url.searchParams.get('sign') !== expected ||
            !fresh
          ) {
            robots.refused.push('dingtalk');
            return answer(200, { errcode: 310000, errmsg: 'sign not match' });
          }
          robots.received.push({ robot: 'dingtalk', text: body.markdown.text });
          return answer(200, { errcode: 0, errmsg: 'ok' });
        }
        case '/open-apis/bot/v2/hook/lark': {
          const expected = hmacBase64(`${body.timestamp}\n${FEISHU_SECRET}`, '');
          const fresh = Math.abs(Date.now() / 1000 - Number(body.timestamp)) < 3600;
          if (body.sign !== expected || !fresh) {
            robots.refused.push('feishu');
            return answer(200, { code: 19021, msg: 'sign match fail' });
          }
          robots.received.push({ robot: 'feishu', text: body.card.elements[0].content });
          return answer(200, { code: 0, msg: 'success' });
        }
        case '/cgi-bin/webhook/send': {
          if (url.searchParams.get('key') !== WECOM_KEY) {
            robots.refused.push('wecom');
            return answer(200, { errcode: 93000, errmsg: 'invalid webhook url' });
          }
          robots.received.push({ robot: 'wecom', text: body.markdown.content });
          return answer(200, { errcode: 0, errmsg: 'ok' });
        }
        case '/broken':
          robots.brokenAttempts++;
          return answer(500, { message: 'upstream unavailable' });
        default:
          return answer(404, {});
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  robots.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  robots.stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return robots;
}

/** The channel configuration for the fake robots, as a deployment writes it. */
export function channelsFor(robots: FakeRobots) {
  return {
    channels: [
      {
        id: 'ding',
        type: 'dingtalk',
        url: `${robots.url}/robot/send?access_token=${DINGTALK_TOKEN}`,
        secret: DINGTALK_SECRET,
      },
      { id: 'lark', type: 'feishu', url: `${robots.url}/open-apis/bot/v2/hook/lark`, secret: FEISHU_SECRET },
      { id: 'wecom', type: 'wecom', url: `${robots.url}/cgi-bin/webhook/send?key=${WECOM_KEY}` },
      { id: 'broken', type: 'wecom', url: `${robots.url}/broken` },
      { id: 'mail', type: 'email' },
    ],
  };
}
