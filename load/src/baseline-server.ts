/**
 * The bare Socket.IO baseline, run as a child process like an engine node: a plain socket.io
 * server (WebSocket only, default options like the engine's) that, on `message:send`, reads the
 * same model stream over HTTP and broadcasts each token to the room with `io.to(room).emit`.
 * No validation, plugins, storage or segmentation: what is left is the transport's own cost, so
 * engine ÷ baseline is what the engine adds. With `REDIS_URL` it uses `@socket.io/redis-adapter`
 * (the engine's default adapter) so the 2-node baseline fans out across processes the same way.
 * It also answers `/healthz` and `/engine/animals` (a fixed body) for the REST baseline.
 *
 * Prints `CMZ_BASELINE_READY <url>` once it listens.
 *
 * @module
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server, type ServerOptions } from 'socket.io';

const modelUrl = process.env.MODEL_URL ?? '';
const redisUrl = process.env.REDIS_URL;
const animalsBody = process.env.BASELINE_ANIMALS_JSON ?? '[]';
let replyCount = 0;

const httpServer = createServer((request, response) => {
  const path = request.url ?? '/';
  if (path === '/healthz' || path.startsWith('/engine/animals')) {
    const body = path === '/healthz' ? '{"status":"ok"}' : animalsBody;
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    response.end(body);
  } else if (!path.startsWith('/socket.io')) {
    response.writeHead(404).end();
  }
});
const options: Partial<ServerOptions> = { transports: ['websocket'], maxHttpBufferSize: 1_000_000 };
if (redisUrl) {
  options.adapter = createAdapter(new Redis(redisUrl), new Redis(redisUrl));
}
const io = new Server(httpServer, options);

io.on('connection', (socket) => {
  socket.on('join', (payload: { room?: string }, ack?: (answer: object) => void) => {
    void socket.join(String(payload?.room ?? 'lobby'));
    ack?.({ ok: true });
  });
  socket.on('message:send', (payload: { room?: string }, ack?: (answer: object) => void) => {
    replyCount += 1;
    const replyId = `r${process.pid}-${replyCount}`;
    ack?.({ ok: true, replyId });
    void streamInto(String(payload?.room ?? 'lobby'), replyId);
  });
});

async function streamInto(room: string, replyId: string): Promise<void> {
  const response = await fetch(`${modelUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'baseline', stream: true, messages: [] }),
  });
  const decoder = new TextDecoder();
  let buffered = '';
  let seq = 0;
  let text = '';
  for await (const chunk of response.body ?? []) {
    buffered += decoder.decode(chunk as Uint8Array, { stream: true });
    let boundary = buffered.indexOf('\n\n');
    while (boundary !== -1) {
      const line = buffered.slice(0, boundary).replace(/^data: /, '');
      buffered = buffered.slice(boundary + 2);
      boundary = buffered.indexOf('\n\n');
      if (line === '[DONE]') continue;
      const content = (JSON.parse(line) as { choices: { delta: { content?: string } }[] })
        .choices[0]?.delta.content;
      if (!content) continue;
      seq += 1;
      text += content;
      io.to(room).emit('reply:delta', { conversationId: room, replyId, seq, text: content });
    }
  }
  io.to(room).emit('reply:end', { conversationId: room, replyId, text, lastSeq: seq });
}

httpServer.listen(0, '127.0.0.1', () => {
  const { port } = httpServer.address() as AddressInfo;
  console.log(`CMZ_BASELINE_READY http://127.0.0.1:${port}`);
});
process.once('SIGTERM', () => {
  void io.close().then(() => process.exit(0));
});
