/**
 * `npm run fake-llm`: runs the fake OpenAI-compatible server until SIGINT or SIGTERM.
 * Configure with FAKE_LLM_PORT (4010), FAKE_LLM_HOST, FAKE_LLM_TTFT_MS, FAKE_LLM_TOKENS_PER_SECOND.
 *
 * @module
 */
import { EngineError } from '../errors/engine-error.ts';
import { parseFakeLlmEnv } from './fake-openai-cli-config.ts';
import { startFakeOpenAiServer } from './fake-openai-server.ts';

try {
  const config = parseFakeLlmEnv(process.env);
  const server = await startFakeOpenAiServer(config);
  console.log(`Fake OpenAI-compatible server listening at ${server.url}`);
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(EngineError.isInstance(error) ? error.message : error);
  process.exit(1);
}
