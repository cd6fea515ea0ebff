/**
 * Where an object lives, as the SDK's S3 client addresses it, and the signer for it: the light clients' one
 * rule for both (presigned-links.ts signs GET links to it, light-document-store.ts uploads to it).
 *
 * The regional endpoint, or the override (AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL: the local s3rver);
 * virtual-hosted style (`bucket.s3.region.amazonaws.com/key`) unless path style is forced
 * (S3_FORCE_PATH_STYLE, locally) or the bucket's name cannot be a host label; each segment of the key
 * escaped as the SDK escapes it. Not done: FIPS, dual-stack and accelerate endpoints, access points
 * (the stack uses none).
 */
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '../aws/sha256';
import type { AwsCredentials } from '../aws/environment-credentials';

/**
 * The SDK's own Signature Version 4 signer, set up as its S3 client sets it up. `applyChecksum`: whether
 * a signed request carries its payload's hash (an upload does; a presigned link, whose body is unknown,
 * does not).
 */
export function s3Signer(
  region: string,
  credentials: () => AwsCredentials,
  applyChecksum: boolean,
): SignatureV4 {
  return new SignatureV4({
    service: 's3',
    region,
    credentials: async () => credentials(),
    sha256: Sha256,
    // S3 signs the path as sent, not escaped twice as the other services.
    uriEscapePath: false,
    applyChecksum,
  });
}

export interface BucketLocation {
  bucketName: string;
  region: string;
  /** Base URL of S3; the regional endpoint when absent. */
  endpoint?: string;
  forcePathStyle: boolean;
}

export interface ObjectAddress {
  /** `http:` or `https:` */
  protocol: string;
  hostname: string;
  /** Only when the endpoint names one. */
  port?: number;
  /** hostname[:port], as the Host header carries it. */
  host: string;
  /** Escaped once, as sent and as signed (S3 does not escape the path a second time). */
  path: string;
}

/** S3's rule for a bucket name usable as a host label (no dots: they would break the TLS wildcard). */
const DNS_COMPATIBLE = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/** RFC 3986 escaping as the SDK does it (@smithy/util-uri-escape): also !'()*. */
export const escapeUri = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function objectAddress(location: BucketLocation, key: string): ObjectAddress {
  const { bucketName, region, forcePathStyle } = location;
  const base = new URL(
    location.endpoint ?? `https://s3.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`,
  );
  const pathStyle = forcePathStyle || !DNS_COMPATIBLE.test(bucketName);
  const hostname = pathStyle ? base.hostname : `${bucketName}.${base.hostname}`;
  const basePath = base.pathname.replace(/\/$/, '');
  return {
    protocol: base.protocol,
    hostname,
    ...(base.port ? { port: Number(base.port) } : {}),
    host: `${hostname}${base.port ? `:${base.port}` : ''}`,
    path: `${basePath}${pathStyle ? `/${bucketName}` : ''}/${key.split('/').map(escapeUri).join('/')}`,
  };
}
