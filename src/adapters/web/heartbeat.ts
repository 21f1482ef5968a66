/** What the heartbeat needs of a socket (ws's WebSocket has both). */
export interface PingableSocket {
  ping(): void;
  terminate(): void;
}

export interface Heartbeat<S extends PingableSocket> {
  /** The socket answered a ping (or just connected): it lives another round. */
  alive(socket: S): void;
  /** One slice of the round: pings the next sockets in turn, terminates those that never answered the previous ping. */
  tick(): void;
}

/**
 * Keep-alive for many idle sockets, spread over the interval: each tick
 * handles `ceil(n × tickMs / intervalMs)` sockets, so every socket is pinged
 * about once per `intervalMs` and a socket that did not answer its previous
 * ping is terminated at its next turn. Pinging 10,000 sockets in one loop
 * stalled a chat message for 408 ms (issue 19); slices keep each tick short.
 * The caller drives `tick` every `tickMs`.
 */
export function createHeartbeat<S extends PingableSocket>(options: { intervalMs: number; tickMs: number; sockets(): Iterable<S> }): Heartbeat<S> {
  const answered = new WeakMap<S, boolean>();
  let round: S[] = [];
  let at = 0;
  return {
    alive(socket) {
      answered.set(socket, true);
    },
    tick() {
      if (at >= round.length) {
        round = [...options.sockets()];
        at = 0;
      }
      const slice = Math.ceil((round.length * options.tickMs) / options.intervalMs);
      for (const end = Math.min(round.length, at + slice); at < end; at++) {
        const socket = round[at]!;
        if (answered.get(socket) === false) {
          socket.terminate();
          continue;
        }
        answered.set(socket, false);
        socket.ping();
      }
    },
  };
}
