/**
 * Where the channels are configured: in AWS a Secrets Manager secret (read with Powertools Parameters
 * and cached for a few minutes, so a warm function does not call Secrets Manager on every run), locally
 * the JSON file CHANNELS_FILE. With neither, there are no channels and nothing is sent.
 */
import { readFile } from 'node:fs/promises';
import type { BaseProvider } from '@aws-lambda-powertools/parameters/base';
import { LightSecretsProvider } from '../secrets/light-secrets-provider';
import { parseChannels, type Channel } from '../../domain/notifications/channels';
import type { ChannelDirectory } from '../../ports/notifications';

/** How long a warm function keeps the secret before reading it again. */
export const CHANNELS_CACHE_SECONDS = 300;

export class SecretChannelDirectory implements ChannelDirectory {
  constructor(
    private readonly secretName: string,
    /** Powertools' provider on the light client, not the SDK's (secrets/light-secrets-provider.ts). */
    private readonly secrets: Pick<BaseProvider, 'get'> = new LightSecretsProvider(),
  ) {}

  async list(): Promise<Channel[]> {
    const value = await this.secrets.get(this.secretName, {
      transform: 'json',
      maxAge: CHANNELS_CACHE_SECONDS,
    });
    return parseChannels(value, `the secret ${this.secretName}`);
  }
}

export class FileChannelDirectory implements ChannelDirectory {
  constructor(private readonly path: string) {}

  async list(): Promise<Channel[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      throw new Error(`Cannot read CHANNELS_FILE ${this.path}`, { cause: error });
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      // JSON.parse's message quotes part of the text, which may be a secret.
      throw new Error(`CHANNELS_FILE ${this.path} is not JSON`);
    }
    return parseChannels(value, this.path);
  }
}

export const noChannels: ChannelDirectory = { list: async () => [] };
