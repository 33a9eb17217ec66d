/**
 * dingtalk-stream 2.1.5 prints `[<ISO time>] connect success` and `Disconnecting.` with console.info on every
 * (re)connect. This drops exactly those two lines, once per process; everything else passes through.
 */
const SDK_INFO_LINES = [/^\[\d{4}-\d{2}-\d{2}T[\d:.]+Z\] connect success$/, /^Disconnecting\.$/];

let installed = false;

export function quietSdkConsole(): void {
  if (installed) return;
  installed = true;
  const original = console.info;
  console.info = function filteredInfo(this: Console, ...args: unknown[]): void {
    const [first] = args;
    if (args.length === 1 && typeof first === 'string' && SDK_INFO_LINES.some((re) => re.test(first))) return;
    original.apply(this, args);
  };
}
