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
		client.pipe(upstream).pipe(client);
	}
}
