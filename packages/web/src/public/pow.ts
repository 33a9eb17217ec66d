import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Proof of work against automated floods of the public survey, with no third-party service: the
 * server hands out a signed, expiring challenge; the browser finds a nonce whose SHA-256 over
 * `challenge:nonce` starts with `bits` zero bits (a second or so on a phone); the server checks
 * it in one hash. Each challenge is accepted once (the feedback table keeps it unique).
 */
export interface ProofOfWork {
  issue(): { challenge: string; bits: number };
  verify(challenge: string, nonce: string): 'ok' | 'invalid' | 'expired' | 'insufficient';
}

export function leadingZeroBits(bytes: Uint8Array): number {
  let n = 0;
  for (const b of bytes) {
    if (b === 0) {
      n += 8;
      continue;
    }
    return n + Math.clz32(b) - 24;
  }
  return n;
}

export function createProofOfWork(opts: {
  secret: string;
  bits: number;
  ttlMs?: number;
  now?: () => number;
}): ProofOfWork {
  const ttl = opts.ttlMs ?? 10 * 60_000;
  const now = opts.now ?? Date.now;
  const mac = (body: string) => createHmac('sha256', `pow:${opts.secret}`).update(body).digest('base64url');
  return {
    issue() {
      const body = `${now() + ttl}.${opts.bits}.${randomBytes(12).toString('base64url')}`;
      return { challenge: `${body}.${mac(body)}`, bits: opts.bits };
    },
    verify(challenge, nonce) {
      const parts = challenge.split('.');
      if (parts.length !== 4 || !/^\d{1,12}$/.test(nonce)) return 'invalid';
      const [exp, bits, , sig] = parts as [string, string, string, string];
      const expected = Buffer.from(mac(parts.slice(0, 3).join('.')));
      const given = Buffer.from(sig);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
      if (Number(exp) < now()) return 'expired';
      const hash = createHash('sha256').update(`${challenge}:${nonce}`).digest();
      return leadingZeroBits(hash) >= Number(bits) && Number(bits) >= opts.bits ? 'ok' : 'insufficient';
    },
  };
}

/** The browser's half: served as /public/pow.js (no inline script, so a strict CSP holds). */
export const POW_SCRIPT = `(() => {
  const form = document.querySelector('form[data-pow]');
  if (!form) return;
  const status = document.getElementById('feedback-status');
  const button = document.getElementById('feedback-submit');
  const zeroBits = (bytes) => { let n = 0; for (const b of bytes) { if (b === 0) { n += 8; continue; } return n + Math.clz32(b) - 24; } return n; };
  let solved = false;
  form.addEventListener('submit', async (event) => {
    if (solved) return;
    event.preventDefault();
    button.disabled = true;
    status.textContent = '正在完成防刷验证…';
    try {
      const res = await fetch(form.dataset.challenge || '/public/challenge', { cache: 'no-store' });
      const { challenge, bits } = await res.json();
      const enc = new TextEncoder();
      for (let nonce = 0; ; nonce++) {
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', enc.encode(challenge + ':' + nonce)));
        if (zeroBits(digest) >= bits) {
          form.elements.challenge.value = challenge;
          form.elements.nonce.value = String(nonce);
          break;
        }
      }
      solved = true;
      status.textContent = '正在提交…';
      form.submit();
    } catch (e) {
      button.disabled = false;
      status.textContent = '验证未完成，请稍后再试。';
    }
  });
})();
`;

/** A client as a salted hash, so rate limits need no stored address. */
export function clientHash(secret: string, address: string, day: string): string {
  return createHash('sha256').update(`client:${secret}:${day}:${address}`).digest('base64url').slice(0, 32);
}
