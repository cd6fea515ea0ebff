import { jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keepBucketStateInMemory, type S3rverStore } from '../../../../infra/local/s3rver-store-cache';

// s3rver's own file store and CORS model, the real ones (CommonJS modules without types).
const require = createRequire(import.meta.url);
const FilesystemStore = require('s3rver/lib/stores/filesystem.js') as new (directory: string) => S3rverStore;
const { S3CorsConfiguration } = require('s3rver/lib/models/config.js') as {
  S3CorsConfiguration: new (xml: string) => { type: string };
};

const BUCKET = 'documents';
const CORS = `<CORSConfiguration><CORSRule><AllowedOrigin>https://app.example</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>`;

let directory: string;
let store: S3rverStore;
/** What reached s3rver's own store, that is, the disk. */
let disk: { getSubresource: jest.Mock<S3rverStore['getSubresource']> };

beforeEach(async () => {
  directory = mkdtempSync(join(tmpdir(), 'showcase-s3rver-store-'));
  store = new FilesystemStore(directory);
  const getSubresource = store.getSubresource.bind(store);
  disk = { getSubresource: jest.fn(getSubresource) };
  store.getSubresource = disk.getSubresource;
  keepBucketStateInMemory(store);
  await store.putBucket(BUCKET);
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe('keepBucketStateInMemory', () => {
  it('should forget the configurations of a deleted bucket', async () => {
    await store.putSubresource(BUCKET, undefined, new S3CorsConfiguration(CORS));
    expect(await store.getSubresource(BUCKET, undefined, 'cors')).not.toBeNull();
    await store.deleteBucket(BUCKET);
    await store.putBucket(BUCKET);
    expect(await store.getSubresource(BUCKET, undefined, 'cors')).toBeNull();
  });

  it('should read a missing configuration once, and see one put or deleted through the store', async () => {
    disk.getSubresource.mockClear();
    expect(await store.getSubresource(BUCKET, undefined, 'cors')).toBeNull();
    expect(await store.getSubresource(BUCKET, undefined, 'cors')).toBeNull();
    expect(disk.getSubresource).toHaveBeenCalledTimes(1);

    await store.putSubresource(BUCKET, undefined, new S3CorsConfiguration(CORS));
    const cors = (await store.getSubresource(BUCKET, undefined, 'cors')) as {
      matchRule(origin: string, method: string): unknown;
    };
    expect(cors.matchRule('https://app.example', 'GET')).toBeTruthy();
    expect(cors.matchRule('https://elsewhere.example', 'GET')).toBeFalsy();

    await store.deleteSubresource(BUCKET, undefined, 'cors');
    expect(await store.getSubresource(BUCKET, undefined, 'cors')).toBeNull();
    // The website configuration is kept apart from the CORS one.
    expect(await store.getSubresource(BUCKET, undefined, 'website')).toBeNull();
  });

  it("should pass an object's own subresources through to the disk every time", async () => {
    disk.getSubresource.mockClear();
    await store.getSubresource(BUCKET, 'a/key', 'tagging');
    await store.getSubresource(BUCKET, 'a/key', 'tagging');
    expect(disk.getSubresource).toHaveBeenCalledTimes(2);
  });

  it('should forget everything on a reset', async () => {
    await store.putSubresource(BUCKET, undefined, new S3CorsConfiguration(CORS));
    expect(await store.getSubresource(BUCKET, undefined, 'cors')).not.toBeNull();
    store.reset();
    await store.putBucket(BUCKET);
    expect(await store.getSubresource(BUCKET, undefined, 'cors')).toBeNull();
  });
});
