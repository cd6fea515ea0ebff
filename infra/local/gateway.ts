/**
 * The local stand-in for API Gateway (HTTP API, payload format 2.0), and the owner of the handlers that
 * Lambda's Invoke API (lambda-invoke.ts, on its own signed loopback port) runs.
 *
 * Each HTTP request becomes the event API Gateway would send; private routes run the real Lambda
 * authorizer first and pass its context on; then the real handler runs in process and its result
 * becomes the HTTP response. The public port answers only requests whose Host is this stack
 * (127.0.0.1, localhost or [::1] with its port), so a web page on another origin that resolves its
 * own name to 127.0.0.1 cannot reach it.
 */
import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenOnLoopback } from './loopback';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { apiRoutes as routes, type ApiRoute as Route } from '../../functions/contracts';
import { FUNCTION_NAMES, type FunctionName } from '../../shared/config/names';
import { startInvokeServer } from './lambda-invoke';
import { lambdaContext } from './lambda-context';
import { LambdaProcessPool, type InvocationRecord } from './lambda-processes';
import type { LocalCredentials } from './sigv4';
import type { StaticHandler } from './static-files';

/** API Gateway's own payload limit; the handlers apply the contract's tighter one. */
const MAX_GATEWAY_PAYLOAD_BYTES = 10 * 1024 * 1024;
const FUNCTIONS_DIR = fileURLToPath(new URL('../../functions', import.meta.url));

type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

interface CompiledRoute extends Route {
  pattern: RegExp;
  names: string[];
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.path.replace(/[.]/g, '\\.').replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { ...route, pattern: new RegExp(`^${source}$`), names };
}

function errorBody(code: string, message: string, field?: string, fieldMessage = message) {
  return JSON.stringify({
    error: { code, message, details: field ? [{ field, message: fieldMessage }] : [] },
  });
}

async function readBody(request: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_GATEWAY_PAYLOAD_BYTES) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const HEALTH_PATH = routes.find((route) => route.functionName === 'get-health')!.path;
const TEXTUAL = /^(application\/(json|xml|x-www-form-urlencoded)|text\/)/i;

export interface Gateway {
  url: string;
  /** The Lambda Invoke API for the stack's own clients (AWS_ENDPOINT_URL_LAMBDA). */
  invokeUrl: string;
  /** Resolves when every HTTP handler has been loaded. */
  loaded: Promise<void>;
  /**
   * Opens the gateway to requests. Until then every request answers 503 with Retry-After, so that
   * `GET /v1/health` answering 200 means the ADMIN_TOKEN and the demo data are in place.
   */
  markReady(): void;
  /** Resolves when every background (Event) invocation has finished. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface GatewayOptions {
  port: number;
  /** What the stack's own Lambda client signs its Invoke requests with. */
  credentials: LocalCredentials;
  /** Called once per HTTP request, for an access log. */
  onRequest?: (line: { method: string; path: string; status: number; ms: number }) => void;
  /** Serves everything outside /v1/ (the web app), as CloudFront does in AWS. */
  staticFiles?: StaticHandler;
  /**
   * How many child processes run render batches at once (the local fan-out width).
   *
   * @default os.availableParallelism()
   */
  batchProcesses?: number;
  /** Called after each invocation run in a child process, with its time and the process's peak RSS. */
  onInvocation?: (record: InvocationRecord) => void;
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const compiled = routes.map(compile);
  let ready = false;
  const handlers = new Map<string, Promise<LambdaHandler>>();
  const background = new Set<Promise<unknown>>();

  // Imports run one at a time: jest's ESM loader fails on concurrent imports of shared modules, and a
  // queue costs nothing here.
  let importQueue: Promise<unknown> = Promise.resolve();
  const load = (name: FunctionName) => {
    let handler = handlers.get(name);
    if (!handler) {
      const url = pathToFileURL(join(FUNCTIONS_DIR, name, 'handler.ts')).href;
      handler = importQueue
        .then(() => import(url))
        .then((module: { handler: LambdaHandler }) => module.handler);
      importQueue = handler.catch(() => undefined);
      handlers.set(name, handler);
    }
    return handler;
  };

  // Render batches run in child processes, as many at once as the machine has cores: the fan-out is
  // parallel locally too, and each batch's memory is a process of its own, as on Lambda. Everything else
  // runs in this process.
  const batches = new LambdaProcessPool(
    'render-batch',
    options.batchProcesses ?? availableParallelism(),
    options.onInvocation,
  );
  const invoke = async (name: FunctionName, event: unknown, requestId: string) =>
    name === 'render-batch'
      ? batches.invoke(event, requestId)
      : (await load(name))(event, lambdaContext(name, requestId));

  async function handleHttp(request: IncomingMessage, response: ServerResponse, started: number) {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    const requestId = randomUUID();
    const send = (status: number, headers: Record<string, string>, body: string | Buffer) => {
      response
        .writeHead(status, { ...headers, 'x-request-id': headers['x-request-id'] ?? requestId })
        .end(body);
      options.onRequest?.({ method, path: url.pathname, status, ms: Date.now() - started });
    };
    const json = { 'content-type': 'application/json; charset=utf-8' };
    // What API Gateway answers on its own, before any function runs: its `{"message"}` body and its own
    // request id header, not the API's error shape and x-request-id (README "API overview"), so that a
    // client tried against the local stack meets what it will meet deployed.
    const gatewayAnswer = (status: number, message: string) => {
      response.writeHead(status, { ...json, 'apigw-requestid': requestId }).end(JSON.stringify({ message }));
      options.onRequest?.({ method, path: url.pathname, status, ms: Date.now() - started });
    };
    // Only reads go to the app's files; anything else outside /v1/ gets the API's own 404 below.
    if (options.staticFiles && (method === 'GET' || method === 'HEAD') && !url.pathname.startsWith('/v1/')) {
      const status = await options.staticFiles(request, response);
      return options.onRequest?.({ method, path: url.pathname, status, ms: Date.now() - started });
    }

    if (!ready) {
      // Scripts wait for health and then use ADMIN_TOKEN: nothing answers before that would work.
      const starting = { ...json, 'retry-after': '1' };
      if (url.pathname === HEALTH_PATH) return send(503, starting, JSON.stringify({ status: 'starting' }));
      return send(
        503,
        starting,
        errorBody('starting', `The local stack is starting; retry when GET ${HEALTH_PATH} answers 200`),
      );
    }

    let matched: { route: CompiledRoute; params: Record<string, string> } | undefined;
    for (const route of compiled) {
      const match = route.pattern.exec(url.pathname);
      if (!match || route.method !== method) continue;
      const params: Record<string, string> = {};
      for (const [i, name] of route.names.entries()) {
        try {
          params[name] = decodeURIComponent(match[i + 1]!);
        } catch {
          // API Gateway refuses a path it cannot decode with 400 before any function runs.
          const message = 'malformed percent-encoding';
          return send(
            400,
            json,
            errorBody('validation_failed', `Invalid path: ${message}`, `path.${name}`, message),
          );
        }
      }
      matched = { route, params };
      break;
    }
    if (!matched) return send(404, json, errorBody('not_found', `No route for ${method} ${url.pathname}`));

    const body = await readBody(request);
    if (body === 'too-large')
      return send(413, json, errorBody('payload_too_large', 'Request too large', 'body'));

    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
    }
    const query: Record<string, string> = {};
    for (const [name, value] of url.searchParams)
      query[name] = query[name] ? `${query[name]},${value}` : value;
    const routeKey = `${matched.route.method} ${matched.route.path}`;
    const now = new Date();
    const requestContext = {
      accountId: '000000000000',
      apiId: 'local',
      domainName: url.host,
      domainPrefix: 'local',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    };
    // A textual body that is not UTF-8 is handed over as bytes rather than with its bad bytes replaced,
    // so that the function sees what the client sent and can refuse it.
    const textual = TEXTUAL.test(headers['content-type'] ?? 'application/json') && isUtf8(body);
    const event: Record<string, unknown> = {
      version: '2.0',
      routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers,
      ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
      ...(matched.route.names.length > 0 ? { pathParameters: matched.params } : {}),
      requestContext,
      ...(body.length > 0 ? { body: body.toString(textual ? 'utf8' : 'base64') } : {}),
      isBase64Encoded: body.length > 0 && !textual,
    };

    if (matched.route.authorized) {
      // API Gateway answers a request without the identity source itself, before any authorizer runs.
      if (!headers.authorization) return gatewayAnswer(401, 'Unauthorized');
      const decision = (await invoke(
        'authorizer',
        {
          version: '2.0',
          type: 'REQUEST',
          routeArn: `arn:aws:execute-api:local:000000000000:local/$default/${method}${matched.route.path}`,
          identitySource: [headers.authorization],
          routeKey,
          rawPath: url.pathname,
          rawQueryString: event.rawQueryString,
          headers,
          queryStringParameters: event.queryStringParameters,
          pathParameters: event.pathParameters,
          requestContext,
        },
        requestId,
      )) as { isAuthorized: boolean; context?: Record<string, unknown> };
      if (!decision.isAuthorized) return gatewayAnswer(403, 'Forbidden');
      requestContext['authorizer' as keyof typeof requestContext] = { lambda: decision.context } as never;
    }

    const result = (await invoke(matched.route.functionName, event, requestId)) as {
      statusCode: number;
      headers?: Record<string, string>;
      body?: string;
      isBase64Encoded?: boolean;
    };
    const payload = Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8');
    send(result.statusCode, result.headers ?? {}, payload);
  }

  const server: Server = createServer((request, response) => {
    const started = Date.now();
    if (!allowedHost(request.headers.host)) {
      // A page on another origin (DNS rebinding) must not reach the stack through the browser.
      response
        .writeHead(403, { 'content-type': 'application/json; charset=utf-8' })
        .end(errorBody('forbidden', 'This host name does not serve this stack', 'header.host'));
      const path = request.url?.split('?')[0] ?? '/';
      options.onRequest?.({ method: request.method ?? 'GET', path, status: 403, ms: Date.now() - started });
      return;
    }
    handleHttp(request, response, started).catch((error: unknown) => {
      // API Gateway's answer when the integration itself fails; the details stay in the log.
      console.error('Local gateway error:', error);
      if (!response.headersSent) {
        response
          .writeHead(500, { 'content-type': 'application/json; charset=utf-8' })
          .end(errorBody('internal_error', 'Internal server error'));
      }
    });
  });
  const { port, url } = await listenOnLoopback(server, options.port);
  const allowedHosts = new Set(['127.0.0.1', 'localhost', '[::1]'].map((host) => `${host}:${port}`));
  const allowedHost = (host: string | undefined) =>
    host !== undefined && allowedHosts.has(host.toLowerCase());

  const invokeServer = await startInvokeServer({
    credentials: options.credentials,
    functionNames: FUNCTION_NAMES,
    invoke,
    background: (run) => {
      background.add(run);
      void run.finally(() => background.delete(run));
    },
  });

  // Load the handlers in the background, so the first requests do not pay for it.
  const names = new Set<FunctionName>(['authorizer', ...routes.map((route) => route.functionName)]);
  const loaded = Promise.allSettled([...names].map(load)).then(() => undefined);

  const idle = async () => {
    while (background.size > 0) await Promise.allSettled([...background]);
  };

  return {
    url,
    invokeUrl: invokeServer.url,
    loaded,
    markReady: () => {
      ready = true;
    },
    idle,
    async close() {
      await idle();
      await batches.close();
      await invokeServer.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
