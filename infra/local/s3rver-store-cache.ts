/**
 * Keeps in memory what s3rver's file store reads from disk on every request and only s3rver itself
 * changes: a bucket's configurations. Its CORS and website middleware each read `<bucket>/cors.xml` and
 * `<bucket>/website.xml`, which in this stack do not exist, so every request made two file opens fail
 * and built their errors: in a summary generation's three thousand uploads, about a tenth of the
 * emulator process's CPU, and the emulators share the machine's cores with the functions (README
 * "Benchmarks", bench:summary).
 *
 * Whether the bucket exists (a `stat` of its folder per request) is still read from disk: a test takes
 * the folder away behind s3rver's back to make every upload fail (test/integration/summaries/failure.test.ts),
 * and the disk is what such a test, and anyone clearing a local data dir by hand, expects s3rver to see.
 *
 * Only the store's own calls change these, so they invalidate what is kept: creating or deleting a
 * bucket, putting or deleting a bucket's configuration, and a reset. A configuration's model, once
 * read, serves every later request (s3rver's middleware only reads it: matchRule, the routing rules), and
 * a failed read is not kept. Object-level subresources (a key's tagging) are not kept: they follow their
 * object. Answers are the same as the store's own; the data directory stays the only truth across
 * restarts.
 */

/** The part of s3rver's FilesystemStore this touches (lib/stores/filesystem.js). */
export interface S3rverStore {
  putBucket(bucket: string): Promise<unknown>;
  deleteBucket(bucket: string): Promise<unknown>;
  getSubresource(bucket: string, key: string | undefined, type: string): Promise<unknown>;
  putSubresource(bucket: string, key: string | undefined, resource: { type: string }): Promise<unknown>;
  deleteSubresource(bucket: string, key: string | undefined, type: string): Promise<unknown>;
  reset(): void;
}

export function keepBucketStateInMemory(store: S3rverStore): void {
  const configurations = new Map<string, Promise<unknown>>();
  const configurationKey = (bucket: string, type: string) => `${bucket}\u0000${type}`;
  const forgetBucket = (bucket: string) => {
    for (const key of configurations.keys())
      if (key.startsWith(`${bucket}\u0000`)) configurations.delete(key);
  };
  const { putBucket, deleteBucket, getSubresource, putSubresource, deleteSubresource, reset } = store;

  // A bucket created or deleted takes its configurations with it.
  store.putBucket = async (bucket) => {
    forgetBucket(bucket);
    try {
      return await putBucket.call(store, bucket);
    } finally {
      forgetBucket(bucket);
    }
  };
  store.deleteBucket = async (bucket) => {
    forgetBucket(bucket);
    try {
      return await deleteBucket.call(store, bucket);
    } finally {
      forgetBucket(bucket);
    }
  };

  store.getSubresource = (bucket, key, type) => {
    if (key !== undefined) return getSubresource.call(store, bucket, key, type);
    const cacheKey = configurationKey(bucket, type);
    let found = configurations.get(cacheKey);
    if (!found) {
      found = getSubresource.call(store, bucket, key, type);
      configurations.set(cacheKey, found);
      found.catch(() => configurations.delete(cacheKey));
    }
    return found;
  };
  store.putSubresource = async (bucket, key, resource) => {
    if (key !== undefined) return putSubresource.call(store, bucket, key, resource);
    const cacheKey = configurationKey(bucket, resource.type);
    configurations.delete(cacheKey);
    try {
      return await putSubresource.call(store, bucket, key, resource);
    } finally {
      configurations.delete(cacheKey);
    }
  };
  store.deleteSubresource = async (bucket, key, type) => {
    if (key !== undefined) return deleteSubresource.call(store, bucket, key, type);
    const cacheKey = configurationKey(bucket, type);
    configurations.delete(cacheKey);
    try {
      return await deleteSubresource.call(store, bucket, key, type);
    } finally {
      configurations.delete(cacheKey);
    }
  };
  store.reset = () => {
    configurations.clear();
    reset.call(store);
  };
}
