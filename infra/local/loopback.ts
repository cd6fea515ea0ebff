/**
 * Every server of the local stack listens on the loopback interface only: the stack holds an admin
 * token and signs requests with fixed local credentials, so nothing of it may be reachable from the
 * network (README "Local stack").
 */
import type { AddressInfo, Server } from 'node:net';

/** Listens on 127.0.0.1 (port 0: any free port) and resolves to the URL it serves. */
export async function listenOnLoopback(server: Server, port = 0): Promise<{ port: number; url: string }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  return { port: bound, url: `http://127.0.0.1:${bound}` };
}
