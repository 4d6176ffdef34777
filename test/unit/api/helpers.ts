/**
 * Shared set-up for the API client tests: one fake server per suite, clients that record the
 * delays they were asked to sleep (and do not wait), and a collector for streams.
 */
import { AimlClient, AimlError, isAimlError, type ClientOptions, type StreamEvent } from '../../../src/core/api';
import { FakeAimlServer, type FakeServerOptions } from '../../support/fakeAimlServer';

/** Looks like a real key; tests assert it never shows up in errors or logs. */
export const TEST_KEY = 'sk-aiml-TESTKEY-5f3c9a7e1b2d4c6f8a0b';

export interface Fixture {
  readonly server: FakeAimlServer;
  /** Delays the client asked its injected sleep for, in order. */
  readonly sleeps: number[];
  client(options?: Partial<ClientOptions>): AimlClient;
}

export function useFakeServer(options: FakeServerOptions = {}): Fixture {
  let server: FakeAimlServer | undefined;
  const clients: AimlClient[] = [];
  const sleeps: number[] = [];
  before(async () => {
    server = await FakeAimlServer.start(options);
  });
  after(async () => {
    await server?.stop();
  });
  beforeEach(() => {
    server?.reset();
    sleeps.length = 0;
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
  });
  return {
    get server(): FakeAimlServer {
      if (!server) throw new Error('fake server not started');
      return server;
    },
    sleeps,
    client(extra: Partial<ClientOptions> = {}): AimlClient {
      if (!server) throw new Error('fake server not started');
      const c = new AimlClient({
        baseUrl: server.url,
        apiKey: TEST_KEY,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        random: () => 0.5,
        env: {},
        ...extra,
      });
      clients.push(c);
      return c;
    },
  };
}

export interface Collected {
  events: StreamEvent[];
  text: string;
  reasoning: string;
  error: AimlError | undefined;
}

/** Runs a stream to its end, keeping the events and the error (if any) instead of throwing. */
export async function collect(stream: AsyncIterable<StreamEvent>): Promise<Collected> {
  const events: StreamEvent[] = [];
  let text = '';
  let reasoning = '';
  let error: AimlError | undefined;
  try {
    for await (const ev of stream) {
      events.push(ev);
      if (ev.type === 'text') text += ev.text;
      if (ev.type === 'reasoning') reasoning += ev.text;
    }
  } catch (e) {
    if (!isAimlError(e)) throw e;
    error = e;
  }
  return { events, text, reasoning, error };
}

export const HELLO = { model: 'claude-sonnet-4-5', messages: [{ role: 'user' as const, content: 'Hello' }] };

export function types(events: StreamEvent[]): string[] {
  return events.map((e) => e.type);
}
