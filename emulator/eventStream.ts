// `application/vnd.amazon.eventstream` frames, encoded by the same codec the SDK decodes with
// (prelude, headers, payload and both CRC32s).
import { EventStreamCodec } from '@smithy/eventstream-codec';

const codec = new EventStreamCodec(
  (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8'),
  (text: string) => new Uint8Array(Buffer.from(text, 'utf8')),
);

const stringHeader = (value: string) => ({ type: 'string' as const, value });

/** An `:message-type: event` frame, e.g. `contentBlockDelta` with `{contentBlockIndex, delta}`. */
export function eventFrame(eventType: string, payload: unknown): Uint8Array {
  return codec.encode({
    headers: {
      ':message-type': stringHeader('event'),
      ':event-type': stringHeader(eventType),
      ':content-type': stringHeader('application/json'),
    },
    body: Buffer.from(JSON.stringify(payload), 'utf8'),
  });
}

/** An `:message-type: exception` frame; `exceptionType` is lowerCamel, as Bedrock sends it. */
export function exceptionFrame(exceptionType: string, message: string): Uint8Array {
  return codec.encode({
    headers: {
      ':message-type': stringHeader('exception'),
      ':exception-type': stringHeader(exceptionType),
      ':content-type': stringHeader('application/json'),
    },
    body: Buffer.from(JSON.stringify({ message }), 'utf8'),
  });
}

/** Decodes a whole response body into frames; used by tests that read the wire directly. */
export function decodeFrames(bytes: Uint8Array): { headers: Record<string, string>; body: unknown }[] {
  const reader = new EventStreamCodec(
    (b: Uint8Array) => Buffer.from(b).toString('utf8'),
    (t: string) => new Uint8Array(Buffer.from(t, 'utf8')),
  );
  reader.feed(bytes);
  reader.endOfStream();
  const frames: { headers: Record<string, string>; body: unknown }[] = [];
  for (const message of reader.getAvailableMessages().getMessages()) {
    const headers: Record<string, string> = {};
    for (const [name, header] of Object.entries(message.headers)) headers[name] = String(header.value);
    frames.push({ headers, body: JSON.parse(Buffer.from(message.body).toString('utf8')) });
  }
  return frames;
}
