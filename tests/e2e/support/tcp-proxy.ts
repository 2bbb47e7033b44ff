import net from 'node:net';

/**
 * A TCP proxy in front of the sync server that a test can cut, the way a phone loses signal:
 * open sockets die at once and new ones are refused, until `restore()`.
 * (`context.setOffline` alone leaves an open WebSocket untouched.)
 */
export class TcpProxy {
	#server: net.Server;
	#sockets = new Set<net.Socket>();
	#cut = false;
	#stall: { pattern: string; after: number; reached: () => void } | null = null;
	port = 0;

	constructor(private readonly targetPort: number) {
		this.#server = net.createServer((client) => this.#accept(client));
	}

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	async start(): Promise<this> {
		await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
		this.port = (this.#server.address() as net.AddressInfo).port;
		return this;
	}

	cut(): void {
		this.#cut = true;
		for (const socket of this.#sockets) socket.destroy();
		this.#sockets.clear();
	}

	restore(): void {
		this.#cut = false;
	}

	/**
	 * The next request whose bytes contain `pattern` (e.g. `PUT /api/blobs/`) is forwarded for
	 * `after` bytes and then held: the server has part of it, the client waits. Resolves then, so
	 * a test can kill the server mid-request.
	 */
	stallRequest(pattern: string, after: number): Promise<void> {
		return new Promise((reached) => (this.#stall = { pattern, after, reached }));
	}

	async close(): Promise<void> {
		this.cut();
		await new Promise<void>((resolve) => this.#server.close(() => resolve()));
	}

	#accept(client: net.Socket): void {
		if (this.#cut) {
			client.destroy();
			return;
		}
		const upstream = net.connect(this.targetPort, '127.0.0.1');
		for (const socket of [client, upstream]) {
			this.#sockets.add(socket);
			socket.on('close', () => this.#sockets.delete(socket));
			socket.on('error', () => {
				client.destroy();
				upstream.destroy();
			});
		}
		upstream.pipe(client);
		let seen = '';
		// This connection's stall, once its request matched: it forwards `after` bytes, then nothing.
		let held: { after: number; forwarded: number; reached: (() => void) | null } | null = null;
		client.on('data', (chunk: Buffer) => {
			const stall = this.#stall;
			if (!held && stall) {
				// The request line may open a large chunk (headers and body in one write): look at
				// the whole chunk, with the end of the previous one for a pattern split across two.
				const text = seen + chunk.toString('latin1');
				seen = text.slice(-stall.pattern.length);
				if (text.includes(stall.pattern)) {
					held = { after: stall.after, forwarded: 0, reached: stall.reached };
					this.#stall = null;
				}
			}
			if (!held) return void upstream.write(chunk);
			const room = held.after - held.forwarded;
			if (room > 0) upstream.write(chunk.subarray(0, room));
			held.forwarded += Math.max(0, Math.min(room, chunk.length));
			if (held.forwarded >= held.after && held.reached) {
				held.reached();
				held.reached = null;
			}
		});
		client.on('end', () => upstream.end());
	}
}
