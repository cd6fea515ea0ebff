/**
 * A real HTTP server on a free loopback port that stands in for an AWS endpoint in the light clients'
 * unit tests: each test file decides how it answers (and what it records) once a request's body is in.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeEndpoint {
  /** http://127.0.0.1:<port> */
  url: string;
  close(): Promise<void>;
}

export async function startFakeEndpoint(
  answer: (request: IncomingMessage, response: ServerResponse, body: Buffer) => void,
): Promise<FakeEndpoint> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => answer(request, response, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
