import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * What ties the audit chain to something outside the database: the Ed25519 key that signs its
 * checkpoints and the file they are appended to. Someone who can write to the database can
 * rewrite the chain and recompute every hash; they cannot sign, nor unwrite the checkpoints.
 */
export interface AuditAnchor {
  /** Signs checkpoints; null where only verifying (with the public key file). */
  signingKey: KeyObject | null;
  publicKey: KeyObject;
  /** One signed checkpoint per line (JSON). Production points it at WORM or off-host storage. */
  checkpointFile: string;
  /** Where the key came from (a file path or a variable's name), for the start-up banner. */
  keySource: string;
  /** The key file was generated just now. */
  keyCreated: boolean;
}

export interface AuditAnchorOptions {
  /** The private key file (PKCS#8 PEM); its public key is kept beside it as `<keyFile>.pub`. */
  keyFile: string;
  /** A key given inline instead (PKCS#8 PEM, or base64 of its DER), and the name of where it came from. */
  inlineKey?: { value: string; source: string };
  checkpointFile: string;
  /** Generate the key file when there is none (server start). False: use what exists, or nothing. */
  create: boolean;
}

export class AuditKeyError extends Error {
  override name = 'AuditKeyError';
}

function parsePrivateKey(text: string, source: string): KeyObject {
  let key: KeyObject;
  try {
    key = text.includes('-----BEGIN')
      ? createPrivateKey(text)
      : createPrivateKey({ key: Buffer.from(text.trim(), 'base64'), format: 'der', type: 'pkcs8' });
  } catch {
    throw new AuditKeyError(
      `审计签名密钥（${source}）无法读取：须为 PKCS#8 格式的 Ed25519 私钥（PEM，或其 DER 的 base64）`,
    );
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new AuditKeyError(`审计签名密钥（${source}）须为 Ed25519 私钥，实为 ${key.asymmetricKeyType}`);
  return key;
}

/** A key file anyone else on the machine can read is no secret (as ssh refuses such keys). */
function assertPrivate(path: string): void {
  if (process.platform === 'win32') return;
  const mode = statSync(path).mode & 0o777;
  if (mode & 0o077)
    throw new AuditKeyError(
      `审计签名密钥文件 ${path} 的权限为 ${mode.toString(8)}，其他用户可读：请执行 chmod 600 ${path}`,
    );
}

function hasCheckpoints(file: string): boolean {
  return existsSync(file) && readFileSync(file, 'utf8').trim().length > 0;
}

/**
 * Opens the anchor: the inline key, else the key file, else (with `create`) a new key file
 * written with 0600 permissions and its public key beside it. Without `create` a missing key
 * falls back to the public key file, or to no anchor at all (null). A new key is never made
 * while the checkpoint file holds checkpoints: they were signed by the lost key, and signing on
 * with another would hide that.
 */
export function openAuditAnchor(opts: AuditAnchorOptions & { create: true }): AuditAnchor;
export function openAuditAnchor(opts: AuditAnchorOptions): AuditAnchor | null;
export function openAuditAnchor(opts: AuditAnchorOptions): AuditAnchor | null {
  const anchor = (signingKey: KeyObject, keySource: string, keyCreated: boolean): AuditAnchor => ({
    signingKey,
    publicKey: createPublicKey(signingKey),
    checkpointFile: opts.checkpointFile,
    keySource,
    keyCreated,
  });
  if (opts.inlineKey)
    return anchor(parsePrivateKey(opts.inlineKey.value, opts.inlineKey.source), opts.inlineKey.source, false);
  if (existsSync(opts.keyFile)) {
    assertPrivate(opts.keyFile);
    return anchor(parsePrivateKey(readFileSync(opts.keyFile, 'utf8'), opts.keyFile), opts.keyFile, false);
  }
  const publicFile = `${opts.keyFile}.pub`;
  if (!opts.create) {
    if (!existsSync(publicFile)) return null;
    return {
      signingKey: null,
      publicKey: createPublicKey(readFileSync(publicFile, 'utf8')),
      checkpointFile: opts.checkpointFile,
      keySource: publicFile,
      keyCreated: false,
    };
  }
  if (hasCheckpoints(opts.checkpointFile))
    throw new AuditKeyError(
      `审计签名密钥 ${opts.keyFile} 不存在，但检查点文件 ${opts.checkpointFile} 中已有用它签名的检查点。` +
        '请恢复原密钥文件（或通过环境变量提供原密钥）；确需更换密钥时，先将旧检查点文件归档移走。',
    );
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  mkdirSync(dirname(opts.keyFile), { recursive: true, mode: 0o700 });
  try {
    // 'wx': never overwrite a key another process has just written; use theirs instead.
    writeFileSync(opts.keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
      mode: 0o600,
      flag: 'wx',
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return openAuditAnchor(opts);
    throw err;
  }
  writeFileSync(publicFile, publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644 });
  return anchor(privateKey, opts.keyFile, true);
}
