/**
 * The files `npm run new-plugin` writes: a small plugin that uses every extension point once
 * (a prompt hook, a namespaced client event, a REST route, setup with a disposer, state) and a
 * test that proves the hook reaches the model. Generated code is Prettier-clean as written.
 *
 * @module
 */

/** The spellings of one plugin name that the templates need. */
export interface PluginNames {
  /** The plugin name, e.g. `fun-fact`. */
  name: string;
  /** `FunFact`, for type names. */
  pascal: string;
  /** `funFact`, for value names. */
  camel: string;
  /** `FUN_FACT`, the plugin's part of its error codes (`CMZ_ERR_FUN_FACT_*`). */
  constant: string;
}

/**
 * Derives the spellings of a (valid) plugin name.
 *
 * @example
 * ```ts
 * pluginNames('fun-fact'); // { name: 'fun-fact', pascal: 'FunFact', camel: 'funFact', constant: 'FUN_FACT' }
 * ```
 */
export function pluginNames(name: string): PluginNames {
  const words = name.split('-').filter((word) => word.length > 0);
  const capitalised = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1));
  const pascal = capitalised.join('');
  return {
    name,
    pascal,
    camel: pascal.charAt(0).toLowerCase() + pascal.slice(1),
    constant: words.join('_').toUpperCase(),
  };
}

/**
 * Every file of a new plugin, keyed by its path inside the plugin directory.
 *
 * @example
 * ```ts
 * const files = renderPluginFiles(pluginNames('fun-fact'));
 * Object.keys(files); // ['package.json', 'README.md', 'src/index.ts', 'src/errors.ts', 'src/index.test.ts']
 * ```
 */
export function renderPluginFiles(names: PluginNames): Record<string, string> {
  return {
    'package.json': renderPackageJson(names),
    'README.md': renderReadme(names),
    'src/index.ts': renderIndex(names),
    'src/errors.ts': renderErrors(names),
    'src/index.test.ts': renderTest(names),
  };
}

function renderPackageJson({ name }: PluginNames): string {
  const manifest = {
    name: `@cmz/plugin-${name}`,
    version: '0.1.0',
    private: true,
    type: 'module',
    description: `The ${name} plugin for the CMZ Digital Ambassador engine.`,
    exports: './src/index.ts',
    // The engine provides both at run time: the plugin runs inside the engine's process.
    peerDependencies: { '@cmz/engine': '^0.1.0', zod: '^4.0.0' },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function renderReadme({ name, constant }: PluginNames): string {
  return `# @cmz/plugin-${name}

A plugin for the CMZ Digital Ambassador engine, scaffolded by \`npm run new-plugin\`. It shows each
extension point once; replace the examples with your own behaviour. The plugin author's guide is
[docs/plugins.md](../../docs/plugins.md).

| part | what it does |
|---|---|
| hook \`transformPrompt\` | adds the option \`promptLine\` to the animal's system prompt |
| client event \`${name}:hello\` | \`{ conversationId }\` → ack \`{ ok: true, data: { animalName, greetings } }\` |
| REST route \`GET /api/plugins/${name}/hello\` | \`{ plugin, version, greetings }\` |
| \`setup\` | logs once per load and returns a disposer (runs on unload and reload) |
| state | \`greetings\`, a counter shared by every node (Redis when \`REDIS_URL\` is set) |

## Enable it

Add it to \`plugins.config.json\` (paths are relative to that file):

\`\`\`json
{
  "plugins": [
    { "name": "${name}", "path": "plugins/${name}", "options": { "promptLine": "Mention the keepers." } }
  ]
}
\`\`\`

Run \`npm run dev\` with \`PLUGINS_WATCH=true\` to reload it on every save, or
\`npm run plugin -- reload ${name}\` against a running node.

## Options

| option | type | default |
|---|---|---|
| \`promptLine\` | string (1–500 characters) | \`Mention one thing you like about the zoo.\` |

## Errors

The plugin throws \`EngineError\`s with an engine code and its own code in \`details.pluginCode\`
(\`CMZ_ERR_${constant}_*\`, listed in \`src/errors.ts\`).

## Test

\`\`\`sh
npx vitest run plugins/${name}
\`\`\`
`;
}

function renderIndex({ name, pascal, camel }: PluginNames): string {
  return `/**
 * The \`${name}\` plugin: adds a line to the animal's system prompt, answers the client event
 * \`${name}:hello\` and serves \`GET /api/plugins/${name}/hello\`.
 *
 * @module
 */
import { definePlugin, definePluginEvent } from '@cmz/engine';
import type { Ack, PluginAck } from '@cmz/engine/protocol';
import { z } from 'zod';
import manifest from '../package.json' with { type: 'json' };
import { ${camel}Error } from './errors.ts';

/** Options the deployment sets for this plugin in \`plugins.config.json\`. */
const optionsSchema = z.object({
  /** A line added to the animal's system prompt on every message. */
  promptLine: z.string().min(1).max(500).default('Mention one thing you like about the zoo.'),
});

/** The options of the \`${name}\` plugin. */
export type ${pascal}Options = z.input<typeof optionsSchema>;

const helloPayloadSchema = z.object({ conversationId: z.string().min(1).max(100) });

/** The payload of the client event \`${name}:hello\`. */
export type ${pascal}HelloPayload = z.input<typeof helloPayloadSchema>;

/** The \`data\` of a successful \`${name}:hello\` acknowledgement. */
export interface ${pascal}HelloReply {
  animalName: string;
  greetings: number;
}

// Types \`socket.emit('${name}:hello', ...)\` in the web client, payload and acknowledgement.
declare module '@cmz/engine/protocol' {
  interface PluginClientEvents {
    '${name}:hello': (
      payload: ${pascal}HelloPayload,
      ack: (response: Ack<PluginAck<${pascal}HelloReply>>) => void,
    ) => void;
  }
}

/**
 * Creates the plugin from the options the deployment configured.
 *
 * @example
 * \`\`\`ts
 * const testEngine = await createTestEngine({ plugins: [createPlugin({ promptLine: 'Be brief.' })] });
 * \`\`\`
 */
export default function createPlugin(options: Record<string, unknown> = {}) {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw ${camel}Error('INVALID_OPTIONS', [
      \`plugin "${name}" option \${issue?.path.join('.') ?? ''}: \${issue?.message ?? 'invalid'}\`,
    ]);
  }
  const { promptLine } = parsed.data;
  return definePlugin({
    name: '${name}',
    version: manifest.version,
    engine: '^0.1.0',
    setup(context) {
      context.log('info', '${name} plugin ready', { promptLine });
      // Undo here whatever setup started (timers, connections): it runs on unload and reload.
      return () => context.log('info', '${name} plugin stopped');
    },
    hooks: {
      // Runs after the core plugins have built the persona, history and facts sections.
      transformPrompt: (prompt) => ({ ...prompt, system: [...prompt.system, promptLine] }),
    },
    events: {
      // The client event \`${name}:hello\`; the engine validates its payload with the schema first.
      hello: definePluginEvent(
        helloPayloadSchema,
        async (payload, context): Promise<${pascal}HelloReply> => {
          const joined = context.joined(payload.conversationId);
          if (joined === undefined) throw ${camel}Error('NOT_JOINED');
          const greetings = ((await context.state.get<number>('greetings')) ?? 0) + 1;
          await context.state.set('greetings', greetings);
          return { animalName: joined.animal.name, greetings };
        },
      ),
    },
    routes(router, context) {
      router.get('/hello', async (_request, response) => {
        const greetings = (await context.state.get<number>('greetings')) ?? 0;
        response.json({ plugin: '${name}', version: manifest.version, greetings });
      });
    },
  });
}
`;
}

function renderErrors({ name, pascal, camel, constant }: PluginNames): string {
  return `/**
 * The \`${name}\` plugin's errors.
 *
 * Convention: the engine's error catalog is closed (its codes are a public contract that clients
 * and docs/errors.md know), so a plugin never invents a top-level code. It throws an
 * \`EngineError\` with the engine code that names the kind of failure (which also sets the HTTP
 * status, whether a retry may help, and the child-safe message), and puts its own stable code,
 * \`CMZ_ERR_${constant}_<WHAT>\`, in \`details.pluginCode\` (with \`details.plugin\`).
 *
 * Who sees what: REST routes answer \`{ code, message, details }\`, so callers get the plugin
 * code; client-event acks carry only \`{ ok: false, code, message, temporary }\`; hook failures
 * are logged with the plugin and hook name.
 *
 * @module
 */
import { EngineError, type ErrorCode } from '@cmz/engine';

/** Every error of this plugin. Never rename or reuse a code: clients and logs rely on them. */
export const ${camel}Errors = {
  /** The deployment's options are invalid; the plugin fails to load and says why. */
  INVALID_OPTIONS: { code: 'CMZ_ERR_${constant}_INVALID_OPTIONS', engineCode: 'CMZ_ERR_CONFIG_INVALID' },
  /** A client event named a conversation its socket has not joined. */
  NOT_JOINED: { code: 'CMZ_ERR_${constant}_NOT_JOINED', engineCode: 'CMZ_ERR_SESSION_NOT_JOINED' },
} as const satisfies Record<string, { code: \`CMZ_ERR_${constant}_\${string}\`; engineCode: ErrorCode }>;

/** The name of one of this plugin's errors. */
export type ${pascal}ErrorName = keyof typeof ${camel}Errors;

/**
 * Creates one of this plugin's errors; \`args\` fill the engine message's \`%s\` placeholders.
 *
 * @example
 * \`\`\`ts
 * throw ${camel}Error('NOT_JOINED');
 * \`\`\`
 */
export function ${camel}Error(
  errorName: ${pascal}ErrorName,
  args: readonly (string | number)[] = [],
): EngineError {
  const { code, engineCode } = ${camel}Errors[errorName];
  return new EngineError(engineCode, { args, details: { plugin: '${name}', pluginCode: code } });
}
`;
}

function renderTest({ name, camel }: PluginNames): string {
  return `import { createScriptedModel, createTestEngine } from '@cmz/engine/testing';
import { describe, expect, it } from 'vitest';
import { ${camel}Errors } from './errors.ts';
import createPlugin from './index.ts';

describe('the ${name} plugin', () => {
  it('adds its prompt line to the system prompt the model receives', async () => {
    const model = createScriptedModel('Hello from the zoo!');
    const testEngine = await createTestEngine({
      model,
      plugins: [createPlugin({ promptLine: 'Mention the keepers.' })],
    });
    try {
      const { reply } = await testEngine.send({ text: 'What do you eat?' });
      expect(reply.end?.text).toBe('Hello from the zoo!');
      expect(model.calls[0]?.prompt.system).toContain('Mention the keepers.');
    } finally {
      await testEngine.close();
    }
  });

  it('refuses invalid options with its own error code', () => {
    expect(() => createPlugin({ promptLine: '' })).toThrow(
      expect.objectContaining({
        code: 'CMZ_ERR_CONFIG_INVALID',
        details: expect.objectContaining({ pluginCode: ${camel}Errors.INVALID_OPTIONS.code }),
      }),
    );
  });

  it('validates the hello payload with its schema', () => {
    const hello = createPlugin().events.hello;
    expect(hello.schema.safeParse({ conversationId: 'c_1' }).success).toBe(true);
    expect(hello.schema.safeParse({}).success).toBe(false);
  });
});
`;
}
