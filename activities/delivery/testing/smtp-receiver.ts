// A real SMTP server in the test process (smtp-server + mailparser), so delivery tests read what
// actually went over the wire. Recipients can be refused with a chosen reply code.
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SmtpReceiver {
  readonly inbox: ParsedMail[];
  /** Address → SMTP reply code with which RCPT TO is refused. */
  readonly refuse: Map<string, number>;
  /** Every RCPT TO address the server was given, accepted or refused: how often a sender tried. */
  readonly recipients: string[];
  /** Listens on 127.0.0.1 (port 0: any free port) and returns the `smtp://` URL. */
  listen(port?: number): Promise<string>;
  close(): Promise<void>;
}

export function createSmtpReceiver(): SmtpReceiver {
  const inbox: ParsedMail[] = [];
  const refuse = new Map<string, number>();
  const recipients: string[] = [];
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 500,
    onRcptTo(address, _session, callback) {
      recipients.push(address.address);
      const responseCode = refuse.get(address.address);
      callback(responseCode ? Object.assign(new Error(`refused by test (${responseCode})`), { responseCode }) : null);
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        inbox.push(mail);
        callback();
      }, callback);
    },
  });
  return {
    inbox,
    refuse,
    recipients,
    listen: (port = 0) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        const listening = server.listen(port, '127.0.0.1', () =>
          resolve(`smtp://127.0.0.1:${(listening.address() as AddressInfo).port}`),
        );
      }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
