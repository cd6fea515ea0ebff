/**
 * E-mail through Amazon SES v2's SendEmail, sent as its REST call (`POST /v2/email/outbound-emails`,
 * JSON, signed as `ses`) through the light client that the API functions use for DynamoDB: same
 * signer, credentials from the environment, retries on throttling (429, TooManyRequestsException),
 * 5xx and network failures. Why not the SDK's SESv2Client: it was send-reminder's and
 * scheduled-reminder's one SDK client, and loading it with its first request costs about a hello
 * world's start of its own (README "Cold start"). The body is the one the SDK's serializer writes for
 * the same input, key for key and byte for byte (held equal by the unit test). The endpoint is
 * AWS_ENDPOINT_URL_SESV2 (locally aws-ses-v2-local), AWS_ENDPOINT_URL, or the regional one, as the SDK
 * would take them, so this code does not know where it runs.
 */
import {
  dynamoDbJsonClientFromEnvironment,
  SES_PROTOCOL,
  type DynamoDbJsonClient,
} from '../dynamodb/json-client';
import { DeliveryError, isAbort, type EmailSender } from '../../ports/notifications';

/** SES refuses an unverified identity or a sandboxed recipient with these: not worth a retry. */
const FINAL_REFUSALS = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'BadRequestException',
]);

/** The light client for SES, reading its environment on the first e-mail. */
export function sesClient(env: NodeJS.ProcessEnv = process.env): () => DynamoDbJsonClient {
  // SendEmail answers in well under a second; the caller's signal bounds all attempts together.
  return dynamoDbJsonClientFromEnvironment(env, { protocol: SES_PROTOCOL, attemptTimeoutMs: 3000 });
}

/** SendEmail's request body for a plain-text e-mail, its keys in the order the SDK's schema gives them. */
export function sendEmailBody(from: string, message: { to: string; subject: string; text: string }): string {
  return JSON.stringify({
    Content: {
      Simple: {
        Subject: { Data: message.subject, Charset: 'UTF-8' },
        Body: { Text: { Data: message.text, Charset: 'UTF-8' } },
      },
    },
    FromEmailAddress: from,
    Destination: { ToAddresses: [message.to] },
  });
}

export class SesEmailSender implements EmailSender {
  constructor(
    private readonly client: () => DynamoDbJsonClient,
    /** The verified sender identity (CDK context `sesFromAddress`); undefined when none is configured. */
    private readonly from: string | undefined,
  ) {}

  async send(message: { to: string; subject: string; text: string }, signal: AbortSignal): Promise<void> {
    if (!this.from) throw new DeliveryError('no sender address is configured for e-mail', false);
    try {
      await this.client().request('SendEmail', {
        path: '/v2/email/outbound-emails',
        headers: { 'content-type': 'application/json' },
        body: sendEmailBody(this.from, message),
        expectStatus: 200,
        signal,
      });
    } catch (error) {
      if (isAbort(error)) throw error;
      // The light client names a failure by SES's error type (or NetworkError, Timeout), never by the
      // addresses or the body, so the reason can go into the delivery record and the API's answer.
      const name = error instanceof Error ? error.name : 'Error';
      throw new DeliveryError(`SES did not accept the e-mail (${name})`, !FINAL_REFUSALS.has(name));
    }
  }
}
