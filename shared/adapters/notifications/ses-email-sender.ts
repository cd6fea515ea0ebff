/**
 * E-mail through Amazon SES v2. Locally the SDK reaches the aws-ses-v2-local emulator through
 * AWS_ENDPOINT_URL_SESV2, so this code does not know where it runs.
 */
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { DeliveryError, isAbort, type EmailSender } from '../../ports/notifications';

let shared: SESv2Client | undefined;

export function sesClient(): SESv2Client {
  shared ??= new SESv2Client({});
  return shared;
}

export class SesEmailSender implements EmailSender {
  constructor(
    private readonly client: SESv2Client,
    /** The verified sender identity (CDK context `sesFromAddress`); undefined when none is configured. */
    private readonly from: string | undefined,
  ) {}

  async send(message: { to: string; subject: string; text: string }, signal: AbortSignal): Promise<void> {
    if (!this.from) throw new DeliveryError('no sender address is configured for e-mail', false);
    try {
      await this.client.send(
        new SendEmailCommand({
          FromEmailAddress: this.from,
          Destination: { ToAddresses: [message.to] },
          Content: {
            Simple: {
              Subject: { Data: message.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: message.text, Charset: 'UTF-8' } },
            },
          },
        }),
        { abortSignal: signal },
      );
    } catch (error) {
      if (isAbort(error)) throw error;
      const name = error instanceof Error ? error.name : 'Error';
      // SES refuses an unverified identity or a sandboxed recipient with MessageRejected: not worth a retry.
      const retryable = ![
        'MessageRejected',
        'MailFromDomainNotVerifiedException',
        'BadRequestException',
      ].includes(name);
      throw new DeliveryError(`SES did not accept the e-mail (${name})`, retryable);
    }
  }
}
