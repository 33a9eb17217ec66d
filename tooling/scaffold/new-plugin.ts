import { parseArgs } from 'node:util';
import { nextSteps, REPO_ROOT, ScaffoldError, type ScaffoldOptions, scaffoldPlugin } from './src/scaffold.ts';

const USAGE = `用法：npm run new-plugin -- <id> [--name 中文名称] [--book general|gov_fund|soe_capital|social_insurance] [--root 目录]
  --root（或环境变量 JIXIAO_SCAFFOLD_ROOT）：在该目录的 plugins/ 下生成，默认仓库根目录`;

function parse(argv: readonly string[]): ScaffoldOptions | null {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { name: { type: 'string' }, book: { type: 'string' }, root: { type: 'string' } },
      allowPositionals: true,
    });
    const [id, ...extra] = positionals;
    if (!id || extra.length > 0) return null;
    return {
      id,
      name: values.name,
      budgetBook: values.book,
      root: values.root ?? process.env.JIXIAO_SCAFFOLD_ROOT ?? REPO_ROOT,
    };
  } catch {
    return null;
  }
}

function main(argv: readonly string[]): number {
  const options = parse(argv);
  if (!options) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  try {
    scaffoldPlugin(options);
  } catch (error) {
    if (error instanceof ScaffoldError) {
      process.stderr.write(`无法创建插件：\n${error.message}\n`);
      return 1;
    }
    throw error;
  }
  process.stdout.write(`${nextSteps(options.id)}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
