/**
 * `@cmz/engine/testing`: what plugin and integration tests need — a test engine, a scripted
 * model, a reply collector, the fake OpenAI-compatible server and a throwaway `redis-server`.
 *
 * @module
 */
export { createTestEngine } from './test-engine.ts';
export type { TestEngine, TestEngineOptions, TestSendInput } from './test-engine.ts';
export { createScriptedModel } from './scripted-model.ts';
export type { Script, ScriptedModel, ScriptedModelOptions } from './scripted-model.ts';
export { createReplyCollector } from '../pipeline/reply-collector.ts';
export type { CollectedReply } from '../pipeline/reply-collector.ts';
export { startFakeOpenAiServer } from './fake-openai-server.ts';
export { startRedisServer } from './redis-server.ts';
export type { FakeOpenAiServer, FakeFailure } from './fake-openai-server.ts';
export type { TestRedisServer } from './redis-server.ts';
export { getFreePort } from './free-port.ts';
export { startTestServer } from './start-test-server.ts';
export { connectClient, observeReplies, request } from './socket-client.ts';
export type { EngineClient, ObservedReply } from './socket-client.ts';
export { spawnEngineNode } from './spawn-engine-node.ts';
export type { EngineNode, SpawnEngineNodeOptions } from './spawn-engine-node.ts';
