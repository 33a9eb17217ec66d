import { benchApiList } from './api-load.ts';
import { benchChange } from './change.ts';
import { benchBot, benchOutbox } from './messaging.ts';
import { benchProvince } from './province.ts';
import { benchPublicSite } from './public-site.ts';
import { benchResultApplication } from './result-application.ts';
import { benchSelfEvaluation } from './self-evaluation.ts';
import { benchSelfEvaluationCheck } from './self-evaluation-check.ts';
import { benchStartup } from './startup.ts';
import { benchTargetImport } from './target-import.ts';
import { machine } from './util.ts';

/** `npm run bench -- [startup] [api] [province] …`: runs the named benchmarks (all when none). */
const BENCHES: Record<string, () => Promise<string[]>> = {
  startup: benchStartup,
  api: benchApiList,
  province: benchProvince,
  bot: benchBot,
  outbox: benchOutbox,
  'self-evaluation': benchSelfEvaluation,
  'self-evaluation-check': benchSelfEvaluationCheck,
  forms: benchTargetImport,
  change: benchChange,
  'result-application': benchResultApplication,
  'public-site': benchPublicSite,
};

async function main() {
  const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const chosen = names.length ? names : Object.keys(BENCHES);
  console.log(`Machine: ${machine()}; ${new Date().toISOString()}`);
  for (const name of chosen) {
    const bench = BENCHES[name];
    if (!bench) throw new Error(`unknown benchmark ${name}; choose from ${Object.keys(BENCHES).join(', ')}`);
    console.log(`\n### ${name}\n`);
    for (const line of await bench()) console.log(line);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
