// Evidence as plain text: what JUnit failure bodies, Markdown and the console show.
import type { CaseResult, Exchange } from '../types.ts';

export function exchangeText(ex: Exchange): string {
  const lines = [`> ${ex.request.method} ${ex.request.url}`];
  for (const [k, v] of Object.entries(ex.request.headers)) lines.push(`> ${k}: ${v}`);
  if (ex.request.bodyBytes) lines.push(`> (${ex.request.bodyBytes} bytes of body)`);
  if (ex.networkError) lines.push(`! ${ex.networkError}`);
  if (ex.response) {
    lines.push(`< ${ex.response.status}`);
    for (const [k, v] of Object.entries(ex.response.headers)) lines.push(`< ${k}: ${v}`);
    if (ex.response.body) lines.push('<', ...ex.response.body.split('\n').map((l) => `< ${l}`));
  }
  return lines.join('\n');
}

export function caseEvidenceText(c: CaseResult): string {
  const head = `${c.verdict}: ${c.reason ?? ''}`;
  const ex = c.evidence ?? [];
  if (!ex.length) return head;
  return `${head}\n\n${ex.map(exchangeText).join('\n\n')}`;
}
