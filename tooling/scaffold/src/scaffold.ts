import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUDGET_BOOKS } from '@jixiao/core';

/** Same rule as definePlugin: kebab-case, starting with a letter. */
const PLUGIN_ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

const TEMPLATE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'template');
/** The repository root (where `plugins/` and `config/` live). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export class ScaffoldError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScaffoldError';
  }
}

export interface ScaffoldOptions {
  id: string;
  /** Chinese name of the fund type (default: a placeholder to replace). */
  name?: string;
  /** One of the four budget books (default: general); checked here, so a command-line value can be passed as is. */
  budgetBook?: string;
  /** Directory that holds `plugins/` (default: the repository root). */
  root?: string;
}

export interface ScaffoldResult {
  dir: string;
  /** Paths written, relative to `dir`. */
  files: string[];
}

/** Problems with a proposed plugin id (empty when it can be used). */
export function pluginIdProblems(id: string, root: string = REPO_ROOT): string[] {
  if (!PLUGIN_ID_PATTERN.test(id)) {
    return [
      `插件 id 须为 kebab-case（小写字母开头，字母数字以连字符分隔，如 "special-transfer"），实际为 ${JSON.stringify(id)}`,
    ];
  }
  if (existsSync(join(root, 'plugins', id))) return [`plugins/${id} 已存在，请换一个 id`];
  return [];
}

/** "special-transfer" → "SpecialTransfer". */
function pascalCase(id: string): string {
  return id
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** "special-transfer" → "specialTransfer". */
function camelCase(id: string): string {
  const pascal = pascalCase(id);
  return pascal.charAt(0).toLowerCase() + pascal.slice(1);
}

function templateFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    const rel = prefix ? `${prefix}/${entry}` : entry;
    return statSync(path).isDirectory() ? templateFiles(path, rel) : [rel];
  });
}

/**
 * Creates `plugins/<id>/` under `root` from the template: package.json, tsconfig.json, a working
 * minimal plugin (one item rule, one review check, examples) and its test.
 */
export function scaffoldPlugin(options: ScaffoldOptions): ScaffoldResult {
  const root = options.root ?? REPO_ROOT;
  const problems = pluginIdProblems(options.id, root);
  const book = options.budgetBook ?? 'general';
  if (!(BUDGET_BOOKS.values as readonly string[]).includes(book)) {
    problems.push(`预算类型须为 ${BUDGET_BOOKS.values.join(' | ')} 之一，实际为 ${JSON.stringify(book)}`);
  }
  const name = options.name?.trim() || `新资金类型（${options.id}）`;
  if (!/\p{Script=Han}/u.test(name)) problems.push(`资金类型名称须为中文，实际为 ${JSON.stringify(name)}`);
  if (problems.length > 0) throw new ScaffoldError(problems.join('\n'));

  const dir = join(root, 'plugins', options.id);
  const fill = (text: string) =>
    text
      .replaceAll('__ID__', options.id)
      .replaceAll('__NAME__', name)
      .replaceAll('__BOOK__', book)
      .replaceAll('__TYPE__', pascalCase(options.id))
      .replaceAll('__CAMEL__', camelCase(options.id));
  const files: string[] = [];
  for (const rel of templateFiles(TEMPLATE_DIR)) {
    const target = join(dir, fill(rel.replace(/\.tmpl$/, '')));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, fill(readFileSync(join(TEMPLATE_DIR, rel), 'utf8')));
    files.push(relative(dir, target));
  }
  return { dir, files: files.sort() };
}

/** What to do after scaffolding, in Chinese. */
export function nextSteps(id: string): string {
  return [
    `已创建 plugins/${id}/`,
    '',
    '下一步：',
    `  1. 在仓库根目录的 config/plugins.json 中加入 "./plugins/${id}"`,
    '  2. 在仓库根目录运行 npm install --no-audit --no-fund，建立工作区链接',
    `  3. 运行 npx biome check --write plugins/${id} 与 npx vitest run plugins/${id}`,
    '  4. 按 docs/plugins.md 补齐：真实的专有属性、6–12个核心指标、至少3条监控规则和2项审核检查，',
    '     每个阈值写进 src/settings.ts（默认值和政策依据），每条规则在 src/examples.ts 有触发示例，',
    '     然后去掉测试中的 draft: true',
  ].join('\n');
}
