// Cleartext HTTP/2 (prior knowledge, what the SDK's default handler speaks) and HTTP/1.1 on one
// port. `http2.createServer({allowHTTP1})` only negotiates through TLS ALPN, so the first bytes
// of each connection are read here: the HTTP/2 connection preface starts with "PRI ", which no
// HTTP/1.1 method does. The HTTP/1.1 server gets the socket with the bytes unshifted back; the
// HTTP/2 session reads its socket natively and would miss unshifted bytes, so it gets a duplex
// that replays them first.
import * as http from 'node:http';
import * as http2 from 'node:http2';
import * as net from 'node:net';
import { Duplex } from 'node:stream';
import type { Exchange, Transport } from './exchange';

export type ExchangeHandler = (ex: Exchange, method: string, url: string, headers: Record<string, string>, body: Buffer) => void;

const PREFACE_START = Buffer.from('PRI ');

function flatHeaders(headers: http.IncomingHttpHeaders | http2.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(':') || value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

type AnyRequest = http.IncomingMessage | http2.Http2ServerRequest;
type AnyResponse = http.ServerResponse | http2.Http2ServerResponse;

function makeExchange(transport: Transport, req: AnyRequest, res: AnyResponse): Exchange {
  let closed = false;
  const listeners: (() => void)[] = [];
  const markClosed = () => {
    if (closed) return;
    closed = true;
    for (const l of listeners) l();
  };
  res.on('close', markClosed);
  const writeHead = (status: number, headers: Record<string, string>) => {
    (res as http.ServerResponse).writeHead(status, headers);
  };
  return {
    transport,
    sendJson(status, body, headers = {}) {
      if (closed) return;
      const text = JSON.stringify(body);
      writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
      res.end(text);
    },
    startStream(headers) {
      writeHead(200, headers);
      // Send the head now: a client waiting on a stalled stream must already see a 200.
      if ('flushHeaders' in res && typeof res.flushHeaders === 'function') res.flushHeaders();
    },
    writeFrame(frame) {
      if (!closed) (res as http.ServerResponse).write(Buffer.from(frame));
    },
    end() {
      if (!closed) res.end();
    },
    drop(mode) {
      if (transport === 'h2' && mode === 'reset') {
        (res as http2.Http2ServerResponse).stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
      } else if (transport === 'h2') {
        // The whole connection goes, as when a network path fails; the SDK opens one per request.
        (res as http2.Http2ServerResponse).stream.session?.destroy();
      } else {
        req.socket.destroy();
      }
      markClosed();
    },
    get closed() {
      return closed;
    },
    onClose(listener) {
      if (closed) listener();
      else listeners.push(listener);
    },
  };
}

function collect(req: AnyRequest, done: (body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => done(Buffer.concat(chunks)));
}

/** A duplex over `socket` whose readable side starts with the bytes already taken off it. */
function replaying(socket: net.Socket, head: Buffer): Duplex {
  const duplex = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _encoding, callback) {
      socket.write(chunk, callback);
    },
    final(callback) {
      socket.end(callback);
    },
    destroy(error, callback) {
      socket.destroy(error ?? undefined);
      callback(error);
    },
  });
  duplex.push(head);
  socket.on('data', (data: Buffer) => {
    if (!duplex.push(data)) socket.pause();
  });
  socket.on('end', () => duplex.push(null));
  socket.on('close', () => duplex.destroy());
  return duplex;
}

export interface DualServer {
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

export function createDualServer(handler: ExchangeHandler): DualServer {
  const sockets = new Set<net.Socket>();
  const onRequest = (transport: Transport) => (req: AnyRequest, res: AnyResponse) => {
    const ex = makeExchange(transport, req, res);
    collect(req, (body) => handler(ex, req.method ?? 'GET', req.url ?? '/', flatHeaders(req.headers), body));
  };
  const h1 = http.createServer(onRequest('http/1.1'));
  const h2 = http2.createServer(onRequest('h2'));
  // Broken connections are part of the job (dropped-connection faults, aborted clients).
  h2.on('sessionError', () => undefined);
  h2.on('session', (session) => session.on('error', () => undefined));
  h1.on('clientError', (_err, socket) => socket.destroy());

  const tcp = net.createServer((socket) => {
    // Every event frame leaves when it is written, as from Bedrock: with Nagle's algorithm a small
    // frame waits for the client's acknowledgement of the one before (up to 40 ms of delayed ACK),
    // and a slow stream arrived bunched at its end.
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let seen = Buffer.alloc(0);
    const sniff = (chunk: Buffer) => {
      seen = Buffer.concat([seen, chunk]);
      if (seen.length < PREFACE_START.length && PREFACE_START.subarray(0, seen.length).equals(seen)) return;
      socket.off('data', sniff);
      socket.pause();
      if (seen.subarray(0, PREFACE_START.length).equals(PREFACE_START)) {
        h2.emit('connection', replaying(socket, seen));
      } else {
        socket.unshift(seen);
        h1.emit('connection', socket);
        socket.resume();
      }
    };
    socket.on('data', sniff);
  });

  return {
    listen(port, host) {
      return new Promise((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen(port, host, () => resolve((tcp.address() as net.AddressInfo).port));
      });
    },
    close() {
      return new Promise((resolve) => {
        tcp.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        h1.closeAllConnections();
      });
    },
  };
}
