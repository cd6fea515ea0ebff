/**
 * A real HTTP server on a free loopback port that stands in for an AWS endpoint in the light clients'
 * unit tests: each test file decides how it answers (and what it records) once a request's body is in.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyHeaderSignature, type LocalCredentials } from '../../../infra/local/sigv4';

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

/** A request to a signing endpoint, with what is wrong with its signature, if anything. */
export interface SignedRequest {
  method: string;
  url: string;
  body: Buffer;
  /** The code of the local stack's refusal (infra/local/sigv4.ts), undefined for a good signature. */
  signatureFault: string | undefined;
  /** A header's value, undefined when it was not sent. */
  header(name: string): string | undefined;
}

/**
 * A fake endpoint of an AWS service that checks each request's SigV4 signature for `service` the way the
 * local stack's stand-ins do, then lets the test record and answer it.
 */
export function startSigningEndpoint(
  credentials: LocalCredentials,
  service: string,
  answer: (signed: SignedRequest, response: ServerResponse, request: IncomingMessage) => void,
): Promise<FakeEndpoint> {
  return startFakeEndpoint((request, response, body) => {
    void verifyHeaderSignature(
      { method: request.method!, target: request.url!, headers: request.headers, body },
      credentials,
      service,
    ).then((fault) => {
      const header = (name: string) => {
        const value = request.headers[name.toLowerCase()];
        return Array.isArray(value) ? value.join(', ') : value;
      };
      answer(
        { method: request.method!, url: request.url!, body, signatureFault: fault?.code, header },
        response,
        request,
      );
    });
  });
}
