// POSIX path helpers, so the core does not depend on `node:path`.

export function joinPath(...parts: string[]): string {
  const joined = parts.filter((p) => p.length > 0).join('/');
  return normalizePath(joined);
}

export function normalizePath(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
      continue;
    }
    out.push(seg);
  }
  const body = out.join('/');
  return absolute ? `/${body}` : body.length > 0 ? body : '.';
}

export function dirname(path: string): string {
  const norm = normalizePath(path);
  const i = norm.lastIndexOf('/');
  if (i < 0) return '.';
  if (i === 0) return '/';
  return norm.slice(0, i);
}

export function basename(path: string): string {
  const norm = normalizePath(path);
  return norm.slice(norm.lastIndexOf('/') + 1);
}
