/**
 * Loopback servers the test helpers start: listening on an ephemeral 127.0.0.1 port, and stopping with every
 * connection they still hold destroyed.
 */
import type { Server } from "node:http";
import type { Socket } from "node:net";

/**
 * Tracks the server's connections (in `sockets`, which may hold others to destroy on stop), listens on an ephemeral
 * loopback port; resolves with the port and the stop function.
 */
export async function listenLoopback(server: Server, sockets = new Set<Socket>()): Promise<{ port: number; stop: () => Promise<void> }> {
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  const stop = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of sockets) s.destroy();
    sockets.clear();
    await closed;
  };
  return { port, stop };
}
