import { createServer, type Server } from 'node:http';

/** What Alertmanager's Slack integration posts: the incoming-webhook JSON payload. */
export interface SlackMessage {
  /** The path posted to: which webhook URL (receiver) the message was sent to. */
  path?: string;
  channel?: string;
  username?: string;
  attachments: { title?: string; title_link?: string; text?: string; color?: string }[];
}

/** A local stand-in for a Slack incoming webhook: accepts JSON posts, answers "ok" as Slack does. */
export class SlackSink {
  private constructor(
    private readonly server: Server,
    readonly port: number,
    readonly messages: SlackMessage[],
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/services/T000/B000/test`;
  }

  static async start(port: number): Promise<SlackSink> {
    const messages: SlackMessage[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        if (req.method === 'POST') {
          messages.push({ ...(JSON.parse(body) as SlackMessage), path: req.url });
        }
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return new SlackSink(server, port, messages);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
