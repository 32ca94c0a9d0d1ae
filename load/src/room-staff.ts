/**
 * The signed-in staff side of a shared room in a load run: pick an animal the nodes know, sign a
 * seeded teacher or zookeeper in through the REST layer, connect their socket and open the room.
 *
 * @module
 */
import type { PhaseServers } from './phase-servers.ts';
import { signIn } from './rest-layer.ts';
import { connectOne, emitWithAck, type SwarmSocket } from './socket-swarm.ts';

/** An opened room and its host's socket. */
export interface OpenedRoom {
  host: SwarmSocket;
  roomId: string;
  joinCode: string;
  animalId: string;
}

interface OpenAck {
  ok: boolean;
  code?: string;
  room?: { roomId: string };
  host?: { joinCode: string };
}

/**
 * Signs `email` in on the first node, connects as them there and opens a room with `event`.
 *
 * @example
 * ```ts
 * const room = await openRoomAsStaff(servers, 'educator@cmz.org', 'school:open', { approvalRequired: false });
 * ```
 */
export async function openRoomAsStaff(
  servers: PhaseServers,
  email: string,
  event: 'school:open' | 'live:open',
  options: Record<string, unknown>,
): Promise<OpenedRoom> {
  const url = servers.urls[0] as string;
  const animalId = await pickAnimal(url);
  const token = await signIn(url, email);
  const host = await connectOne({ kind: 'engine', token }, url, -1);
  try {
    const ack = await emitWithAck<OpenAck>(host.socket, event, { animalId, ...options });
    if (!ack.ok || !ack.room || !ack.host) throw new Error(`${event} failed: ${ack.code ?? '?'}`);
    return { host, roomId: ack.room.roomId, joinCode: ack.host.joinCode, animalId };
  } catch (error) {
    host.socket.close();
    throw error;
  }
}

/** `leo` when the node has it (the other scenarios' animal), else the first animal listed. */
async function pickAnimal(url: string): Promise<string> {
  const response = await fetch(`${url}/engine/animals`);
  const { animals } = (await response.json()) as { animals: { id: string }[] };
  const animal = animals.find((entry) => entry.id === 'leo') ?? animals[0];
  if (!animal) throw new Error('the node lists no animals');
  return animal.id;
}
