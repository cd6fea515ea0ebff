/**
 * The local SES v2 (aws-ses-v2-local), started only when the channel configuration has an e-mail
 * channel. Its inbox is at GET <endpoint>/ (a web viewer) and GET <endpoint>/store (JSON).
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SesEmulator {
  endpoint: string;
  stop(): Promise<void>;
}

/** Whether the CHANNELS_FILE names an e-mail channel; an unreadable file is left to the handlers to report. */
export function hasEmailChannel(channelsFile: string | undefined): boolean {
  if (!channelsFile) return false;
  try {
    const parsed = JSON.parse(readFileSync(channelsFile, 'utf8')) as { channels?: { type?: string }[] };
    return (parsed.channels ?? []).some((channel) => channel.type === 'email');
  } catch {
    return false;
  }
}

export async function startSesEmulator(): Promise<SesEmulator> {
  const module = (await import('aws-ses-v2-local')) as unknown as {
    default: ((config: { host: string; port: number }) => Promise<Server>) & {
      default?: (config: { host: string; port: number }) => Promise<Server>;
    };
  };
  // A CommonJS module: its default export arrives one level down when loaded from ESM.
  const start = module.default.default ?? module.default;
  const server = await start({ host: '127.0.0.1', port: 0 });
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
