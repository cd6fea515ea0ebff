/**
 * The local Lambda Invoke API (POST /2015-03-31/functions/{name}/invocations), for the stack's own
 * background work: `request-summary` starts `generate-summary` with a signed Invoke request of its light
 * client and the generator starts its render batches with the real @aws-sdk/client-lambda, both pointed
 * here by AWS_ENDPOINT_URL_LAMBDA, exactly as they are in AWS.
 *
 * It is the stack's internal channel, so it is not on the public gateway port (where a forged request
 * once minted an admin token): it listens on its own loopback port, every request must carry a
 * Signature Version 4 made with the stack's per-start credentials, and only the functions of the stack
 * can be named. As in AWS, an `Event` invocation answers 202 and runs after the response; a
 * `RequestResponse` one answers 200 with the result, or with X-Amz-Function-Error when the function threw.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from './loopback';
import { verifyHeaderSignature, type LocalCredentials } from './sigv4';

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/?]+)\/invocations(?:\?|$)/;
/** Lambda's own limit for a synchronous request payload. */
const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

export interface InvokeServerOptions<Name extends string> {
  credentials: LocalCredentials;
  /** The only names that can be invoked; anything else is 404 and is never loaded. */
  functionNames: readonly Name[];
  invoke(name: Name, payload: unknown, requestId: string): Promise<unknown>;
  /** Keeps track of an `Event` invocation running after its response. */
  background(run: Promise<unknown>): void;
}

export interface InvokeServer {
  url: string;
  close(): Promise<void>;
}

function sendError(response: ServerResponse, status: number, type: string, message: string) {
  response
    .writeHead(status, {
      'content-type': 'application/json',
      'x-amzn-errortype': type,
      'x-amzn-requestid': randomUUID(),
    })
    .end(JSON.stringify({ Type: 'User', message }));
}

async function readBody(request: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_PAYLOAD_BYTES) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function startInvokeServer<Name extends string>(
  options: InvokeServerOptions<Name>,
): Promise<InvokeServer> {
  async function handle(request: IncomingMessage, response: ServerResponse) {
    const body = await readBody(request);
    if (body === 'too-large') {
      return sendError(
        response,
        413,
        'RequestTooLargeException',
        'Request must be smaller than 6291456 bytes',
      );
    }
    const target = request.url ?? '/';
    const fault = await verifyHeaderSignature(
      { method: request.method ?? 'GET', target, headers: request.headers, body },
      options.credentials,
      'lambda',
    );
    if (fault) {
      const type =
        fault.code === 'InvalidAccessKeyId' ? 'UnrecognizedClientException' : 'InvalidSignatureException';
      return sendError(response, 403, type, fault.message);
    }
    // The name is compared as sent, never decoded into a path: only the stack's own functions exist here.
    const name = INVOKE_PATH.exec(target)?.[1];
    if (request.method !== 'POST' || name === undefined) {
      return sendError(response, 404, 'UnknownOperationException', 'Unknown operation');
    }
    if (!(options.functionNames as readonly string[]).includes(name)) {
      return sendError(response, 404, 'ResourceNotFoundException', `Function not found: ${name}`);
    }
    let payload: unknown = {};
    try {
      if (body.length > 0) payload = JSON.parse(body.toString('utf8'));
    } catch {
      return sendError(
        response,
        400,
        'InvalidRequestContentException',
        'Could not parse request body into json',
      );
    }

    const requestId = randomUUID();
    const run = options.invoke(name as Name, payload, requestId);
    if (request.headers['x-amz-invocation-type'] === 'Event') {
      response.writeHead(202, { 'x-amzn-requestid': requestId }).end();
      const logged = run.catch((error: unknown) => {
        // Lambda would retry and then use the on-failure destination; locally the error is only logged.
        console.error(`Asynchronous invocation of ${name} failed:`, error);
      });
      options.background(logged);
      return;
    }
    try {
      const result = await run;
      response
        .writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': requestId })
        .end(JSON.stringify(result ?? null));
    } catch (error) {
      const { name: errorType, message } =
        error instanceof Error ? error : { name: 'Error', message: String(error) };
      response
        .writeHead(200, {
          'content-type': 'application/json',
          'x-amzn-requestid': requestId,
          'x-amz-function-error': 'Unhandled',
        })
        .end(JSON.stringify({ errorType, errorMessage: message }));
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error('Local Lambda Invoke API error:', error);
      if (!response.headersSent) sendError(response, 500, 'ServiceException', 'Internal error');
    });
  });
  const { url } = await listenOnLoopback(server);
  return {
    url,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
