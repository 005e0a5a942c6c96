// Run Gemini CLI's own code on a built project: expand every /wazir:<id> command with the
// given arguments (FileCommandLoader and its prompt processors) and build every subagent's
// system prompt (LocalAgentExecutor.buildSystemPrompt, which substitutes ${word}).
//
// usage: node gemini_expand.mjs RESOLVE_MJS BUNDLE_DIR PROJECT ARGS
// prints JSON {commands: {name: text | {error}}, agents: {name: "ok" | {error}}, agentErrors}
import path from 'node:path';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

const [resolve, bundle, root, args] = process.argv.slice(2);
const { loadInternals } = await import(pathToFileURL(resolve).href);
const I = await loadInternals(bundle, ['FileCommandLoader', 'loadAgentsFromDirectory',
  'LocalAgentExecutor']);
const out = { commands: {}, agents: {}, agentErrors: [] };

const base = path.join(root, '.gemini', 'commands');
const loader = new I.FileCommandLoader(null);
for (const file of fs.readdirSync(path.join(base, 'wazir')).sort()) {
  const cmd = await loader.parseAndAdaptFile(path.join(base, 'wazir', file), base, 'workspace-file');
  if (!cmd) { out.commands[file] = { error: 'not loaded' }; continue; }
  // No agentContext: a prompt that still held a shell injection would throw here.
  const context = { invocation: { raw: `/${cmd.name} ${args}`, name: cmd.name, args },
    services: {}, session: {}, ui: { addItem() {} } };
  try {
    const result = await cmd.action(context, args);
    out.commands[cmd.name] = result.content.map((part) => part.text).join('');
  } catch (e) { out.commands[cmd.name] = { error: e.message }; }
}

const STOP = 'template accepted';
const loaded = await I.loadAgentsFromDirectory(path.join(root, '.gemini', 'agents'));
out.agentErrors = loaded.errors.map((e) => e.message);
for (const definition of loaded.agents) {
  // The executor's own method; it fails on an unknown ${word}, else reaches the config.
  const self = { definition, toolRegistry: { getTool() { return undefined; } },
    context: { config: { getSystemInstructionMemory() { throw new Error(STOP); } } } };
  const inputs = { query: 'q', cliVersion: '0', activeModel: 'm', today: 'd' };
  try {
    await I.LocalAgentExecutor.prototype.buildSystemPrompt.call(self, inputs);
    out.agents[definition.name] = { error: 'prompt built without reaching the config' };
  } catch (e) { out.agents[definition.name] = e.message === STOP ? 'ok' : { error: e.message }; }
}
console.log(JSON.stringify(out));
