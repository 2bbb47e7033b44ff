/**
 * The reference y-websocket server (`@y/websocket-server`) for the bench, as a child process: a
 * plain http + ws server handing every socket to `setupWSConnection`, like the package's own bin.
 * Documents stay in memory (YPERSISTENCE must be unset). Env: PORT (default 0).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setupWSConnection } from '@y/websocket-server/utils';
import { WebSocketServer } from 'ws';

if (process.env.YPERSISTENCE !== undefined) throw new Error('the bench runs the reference in memory');

const wss = new WebSocketServer({ noServer: true });
const http = createServer((_request, response) => {
	response.writeHead(200, { 'Content-Type': 'text/plain' });
	response.end('okay');
});
wss.on('connection', (ws, request) => setupWSConnection(ws, request));
http.on('upgrade', (request, socket, head) => {
	wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});
http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
	const { port } = http.address() as AddressInfo;
	console.log(`reference y-websocket (in memory) listening on http://127.0.0.1:${port}`);
});

process.once('SIGTERM', () => process.exit(0));
