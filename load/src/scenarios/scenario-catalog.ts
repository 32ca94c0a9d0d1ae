/**
 * The scenarios, their default sizes (full and `--short`) and how each runs: the engine phase,
 * then the bare Socket.IO baseline phase with the same counts and token stream.
 *
 * @module
 */
import type { ScenarioName } from '../load-arguments.ts';
import { withPhaseServers } from '../phase-servers.ts';
import type { PhaseResult, ScenarioContext, ScenarioResult } from '../scenario-types.ts';
import type { ServerKind } from '../socket-swarm.ts';
import { runChatsPhase } from './chats-phase.ts';
import { runClassPhase } from './class-phase.ts';
import { runIdlePhase } from './idle-phase.ts';
import { runLivePhase } from './live-phase.ts';
import { runRestPhase } from './rest-phase.ts';
import { runRoomPhase } from './room-phase.ts';
import { runStormPhase } from './storm-phase.ts';

/** Sizes of a scenario run. */
export interface ScenarioSize {
  sockets: number;
  durationSeconds: number;
  tokensPerSecond: number;
  replyTokens: number;
  nodes: number;
}

interface ScenarioDefinition {
  describe(size: ScenarioSize): string;
  full: ScenarioSize;
  short: ScenarioSize;
  phase(kind: ServerKind, size: ScenarioSize, context: ScenarioContext): Promise<PhaseResult>;
}

const catalog: Record<ScenarioName, ScenarioDefinition> = {
  idle: {
    describe: (size) =>
      `${size.sockets} idle sockets on 1 node, held ${size.durationSeconds} s while 1 probe chats (${size.tokensPerSecond} tok/s, ${size.replyTokens} tokens/reply)`,
    full: { sockets: 10_000, durationSeconds: 20, tokensPerSecond: 20, replyTokens: 40, nodes: 1 },
    short: { sockets: 1_000, durationSeconds: 4, tokensPerSecond: 20, replyTokens: 20, nodes: 1 },
    phase: (kind, size, context) =>
      withPhaseServers(kind, size.nodes, context, (servers) =>
        runIdlePhase(servers, context, {
          sockets: size.sockets,
          durationSeconds: size.durationSeconds,
          replyTokens: size.replyTokens,
        }),
      ),
  },
  chats: {
    describe: (size) =>
      `${size.sockets} concurrent 1:1 conversations on 1 node for ${size.durationSeconds} s, ${size.tokensPerSecond} tok/s, ${size.replyTokens} tokens/reply, next message right after each reply`,
    full: { sockets: 200, durationSeconds: 20, tokensPerSecond: 20, replyTokens: 40, nodes: 1 },
    short: { sockets: 50, durationSeconds: 4, tokensPerSecond: 20, replyTokens: 20, nodes: 1 },
    phase: (kind, size, context) =>
      withPhaseServers(kind, size.nodes, context, (servers) =>
        runChatsPhase(servers, context, {
          conversations: size.sockets,
          durationSeconds: size.durationSeconds,
          replyTokens: size.replyTokens,
        }),
      ),
  },
  room: {
    describe: (size) =>
      `1 conversation of ${size.sockets} sockets (one shared guest identity) on 1 node, replies back to back for ${size.durationSeconds} s, ${size.tokensPerSecond} tok/s, ${size.replyTokens} tokens/reply`,
    full: { sockets: 1_000, durationSeconds: 20, tokensPerSecond: 30, replyTokens: 40, nodes: 1 },
    short: { sockets: 300, durationSeconds: 3, tokensPerSecond: 30, replyTokens: 20, nodes: 1 },
    phase: (kind, size, context) =>
      withPhaseServers(kind, size.nodes, context, (servers) =>
        runRoomPhase(servers, context, {
          members: size.sockets,
          durationSeconds: size.durationSeconds,
          replyTokens: size.replyTokens,
        }),
      ),
  },
  viewers: {
    describe: (size) =>
      `1 conversation of ${size.sockets} viewers split over ${size.nodes} nodes sharing one redis-server, reply generated on node 1, replies back to back for ${size.durationSeconds} s, ${size.tokensPerSecond} tok/s, ${size.replyTokens} tokens/reply`,
    full: { sockets: 10_000, durationSeconds: 20, tokensPerSecond: 10, replyTokens: 20, nodes: 2 },
    short: { sockets: 2_000, durationSeconds: 3, tokensPerSecond: 10, replyTokens: 10, nodes: 2 },
    phase: (kind, size, context) =>
      withPhaseServers(kind, size.nodes, context, (servers) =>
        runRoomPhase(servers, context, {
          members: size.sockets,
          durationSeconds: size.durationSeconds,
          replyTokens: size.replyTokens,
        }),
      ),
  },
  storm: {
    describe: (size) =>
      `${size.sockets} sockets (each its own visitor and conversation) on 1 node drop at once and reconnect + rejoin at once; 1 probe chats for ${size.durationSeconds} s (${size.tokensPerSecond} tok/s)`,
    full: { sockets: 5_000, durationSeconds: 12, tokensPerSecond: 20, replyTokens: 40, nodes: 1 },
    short: { sockets: 500, durationSeconds: 4, tokensPerSecond: 20, replyTokens: 20, nodes: 1 },
    phase: (kind, size, context) =>
      withPhaseServers(kind, size.nodes, context, (servers) =>
        runStormPhase(servers, context, {
          sockets: size.sockets,
          durationSeconds: size.durationSeconds,
          replyTokens: size.replyTokens,
        }),
      ),
  },
  rest: {
    describe: (size) =>
      `autocannon, ${size.sockets} connections for ${size.durationSeconds} s, GET /healthz and GET /engine/animals alternating, 1 node (engine routes only: no REST layer in child nodes)`,
    full: { sockets: 50, durationSeconds: 15, tokensPerSecond: 20, replyTokens: 20, nodes: 1 },
    short: { sockets: 20, durationSeconds: 3, tokensPerSecond: 20, replyTokens: 20, nodes: 1 },
    phase: async (kind, size, context) => {
      // The baseline answers the engine's own animal list, so both send the same bytes.
      const animals = kind === 'baseline' ? await engineAnimalsBody(context) : '[]';
      return withPhaseServers(
        kind,
        size.nodes,
        context,
        (servers) =>
          runRestPhase(servers, {
            connections: size.sockets,
            durationSeconds: size.durationSeconds,
          }),
        { BASELINE_ANIMALS_JSON: animals },
      );
    },
  },
  class: {
    describe: (size) =>
      `1 school session (approval off, signed-in teacher) of ${size.sockets} students with generated nicknames over ${size.nodes} nodes sharing one redis-server; students ask one question after another for ${size.durationSeconds} s, ${size.tokensPerSecond} tok/s, ${size.replyTokens} tokens/answer`,
    full: { sockets: 60, durationSeconds: 20, tokensPerSecond: 20, replyTokens: 40, nodes: 2 },
    short: { sockets: 60, durationSeconds: 4, tokensPerSecond: 20, replyTokens: 20, nodes: 2 },
    phase: (kind, size, context) =>
      withPhaseServers(
        kind,
        size.nodes,
        context,
        (servers) =>
          // The baseline has no rooms: the same fan-out of the same answers to the same sockets.
          kind === 'engine'
            ? runClassPhase(servers, context, {
                students: size.sockets,
                durationSeconds: size.durationSeconds,
                replyTokens: size.replyTokens,
              })
            : runRoomPhase(servers, context, {
                members: size.sockets,
                durationSeconds: size.durationSeconds,
                replyTokens: size.replyTokens,
              }),
        {},
        { rest: true, environment: roomEnvironment(size.sockets) },
      ),
  },
  live: {
    describe: (size) =>
      `1 live room (signed-in zookeeper) of ${size.sockets} guest viewers over ${size.nodes} nodes sharing one redis-server; 10 questions approved, every viewer upvotes at once, up to 2,000 viewers react 3 times each, then the moderator answers the top question one after another for ${size.durationSeconds} s, ${size.tokensPerSecond} tok/s, ${size.replyTokens} tokens/answer`,
    full: { sockets: 10_000, durationSeconds: 20, tokensPerSecond: 10, replyTokens: 20, nodes: 2 },
    short: { sockets: 1_000, durationSeconds: 4, tokensPerSecond: 10, replyTokens: 10, nodes: 2 },
    phase: (kind, size, context) =>
      withPhaseServers(
        kind,
        size.nodes,
        context,
        (servers) =>
          // The baseline has no votes or reactions: it measures the answers' fan-out only.
          kind === 'engine'
            ? runLivePhase(servers, context, {
                viewers: size.sockets,
                durationSeconds: size.durationSeconds,
                replyTokens: size.replyTokens,
              })
            : runRoomPhase(servers, context, {
                members: size.sockets,
                durationSeconds: size.durationSeconds,
                replyTokens: size.replyTokens,
              }),
        {},
        { rest: true, environment: roomEnvironment(size.sockets) },
      ),
  },
};

/**
 * Room limits that fit the scenario: the school cap at least the class size, and question rates
 * that let the harness's few askers ask one question after another.
 */
function roomEnvironment(members: number): Record<string, string> {
  return {
    ROOM_SCHOOL_MAX_MEMBERS: String(Math.max(100, members)),
    ROOM_QUESTIONS_PER_MINUTE: '600',
  };
}

let cachedAnimals: string | undefined;
async function engineAnimalsBody(context: ScenarioContext): Promise<string> {
  if (cachedAnimals !== undefined) return cachedAnimals;
  cachedAnimals = await withPhaseServers('engine', 1, context, async (servers) => {
    const response = await fetch(`${servers.urls[0] as string}/engine/animals`);
    return response.text();
  });
  return cachedAnimals;
}

/**
 * The size of a run: the scenario's defaults (full or short) with the command line's overrides.
 *
 * @example
 * ```ts
 * scenarioSize('room', { short: false, sockets: 500 }).sockets; // 500
 * ```
 */
export function scenarioSize(
  name: ScenarioName,
  overrides: {
    short: boolean;
    sockets?: number;
    duration?: number;
    tokensPerSecond?: number;
    replyTokens?: number;
  },
): ScenarioSize {
  const base = overrides.short ? catalog[name].short : catalog[name].full;
  return {
    ...base,
    sockets: overrides.sockets ?? base.sockets,
    durationSeconds: overrides.duration ?? base.durationSeconds,
    tokensPerSecond: overrides.tokensPerSecond ?? base.tokensPerSecond,
    replyTokens: overrides.replyTokens ?? base.replyTokens,
  };
}

/**
 * Runs one scenario: the engine phase, then (unless turned off) the baseline phase.
 *
 * @example
 * ```ts
 * const result = await runScenario('room', size, context);
 * ```
 */
export async function runScenario(
  name: ScenarioName,
  size: ScenarioSize,
  context: ScenarioContext,
): Promise<ScenarioResult> {
  const definition = catalog[name];
  context.model.setTiming({
    tokensPerSecond: size.tokensPerSecond,
    tokensPerReply: size.replyTokens,
  });
  const phases: PhaseResult[] = [];
  const kinds: ServerKind[] = context.args.baseline ? ['engine', 'baseline'] : ['engine'];
  for (const kind of kinds) {
    context.model.clearRecords();
    phases.push(await definition.phase(kind, size, context));
  }
  return { name, conditions: definition.describe(size), phases };
}
