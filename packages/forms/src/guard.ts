import { InputError } from '@jixiao/core';
import yauzl from 'yauzl';
import type { WorkbookLimits } from './limits.ts';

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
// Compound File Binary: the container of legacy .xls files and of password-protected .xlsx.
const CFB = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

const refuse = (message: string) => new InputError(message, [{ path: 'file', message }]);
const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10}MB`;

function openZip(file: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(file, { lazyEntries: true, validateEntrySizes: true }, (err, zip) =>
      err || !zip ? reject(err ?? new Error('zip')) : resolve(zip),
    ),
  );
}

/** Inflates one part, counting its bytes; stops as soon as the whole workbook's budget is spent. */
function countEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, budget: { left: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(err ?? new Error('entry'));
      stream.on('data', (chunk: Buffer) => {
        budget.left -= chunk.length;
        if (budget.left < 0) stream.destroy(new RangeError('unpacked'));
      });
      stream.on('error', reject);
      stream.on('end', resolve);
    });
  });
}

/**
 * Refuses, with a Chinese reason and before any XML is parsed, what is not a plain .xlsx: too
 * large, not a workbook, an old .xls, a password-protected file, a zip bomb (every part is
 * inflated once here and counted against `maxUnpackedBytes`, so lying size headers don't help).
 */
export async function guardWorkbookFile(file: Buffer, limits: WorkbookLimits): Promise<void> {
  if (file.length > limits.maxBytes) {
    throw refuse(`文件过大（${mb(file.length)}），导入的工作簿不能超过${mb(limits.maxBytes)}`);
  }
  if (file.subarray(0, CFB.length).equals(CFB)) {
    throw refuse(
      file.includes(ENCRYPTED_PACKAGE)
        ? '工作簿设置了打开密码，无法读取：请取消密码后另存为 .xlsx 再导入'
        : '这是旧版 Excel 97-2003 工作簿（.xls），请另存为 .xlsx 后再导入',
    );
  }
  if (!file.subarray(0, ZIP.length).equals(ZIP)) throw refuse('文件不是 Excel 工作簿（.xlsx）');

  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(file);
  } catch {
    throw refuse('文件不是完整的 Excel 工作簿（.xlsx），可能已损坏');
  }
  const budget = { left: limits.maxUnpackedBytes };
  const names = new Set<string>();
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        names.add(entry.fileName);
        if (names.size > limits.maxEntries)
          return reject(refuse('工作簿内部结构异常（包含的文件过多），拒绝导入'));
        if (entry.isEncrypted()) return reject(refuse('工作簿已加密，请取消加密后再导入'));
        if (entry.uncompressedSize > budget.left) return reject(new RangeError('unpacked'));
        countEntry(zip, entry, budget).then(() => zip.readEntry(), reject);
      });
      zip.on('end', resolve);
      zip.on('error', reject);
      zip.readEntry();
    });
  } catch (err) {
    if (err instanceof InputError) throw err;
    if (err instanceof RangeError) {
      throw refuse(`工作簿解压后超过${mb(limits.maxUnpackedBytes)}（疑似压缩炸弹），拒绝导入`);
    }
    throw refuse('文件不是完整的 Excel 工作簿（.xlsx），可能已损坏');
  } finally {
    zip.close();
  }
  if (!names.has('xl/workbook.xml') || !names.has('[Content_Types].xml')) {
    throw refuse('文件不是 Excel 工作簿（.xlsx）');
  }
}
