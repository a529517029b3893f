import type { ErrorCode } from '@redline/contracts';
import { toQueryString, type QueryValue } from '../lib/url';

/** An error answered by the API (`{ error: { code, message, field?, details? } }`) or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly field?: string,
    public readonly details?: unknown,
    public readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

/** Whether the API answered with this code — one of contracts' ErrorCode union, so a typo does not compile. */
export const hasErrorCode = (e: unknown, code: ErrorCode): boolean => isApiError(e) && e.code === code;

let onUnauthorized: (() => void) | null = null;
/** Called when any request other than login/me answers 401: the session has ended. */
export function setUnauthorizedHandler(handler: (() => void) | null) {
  onUnauthorized = handler;
}

let language = 'zh-CN';
/** Sent as Accept-Language so the server can answer messages in the UI language. */
export function setApiLanguage(lang: string) {
  language = lang;
}

const SESSION_PATHS = ['/auth/login', '/auth/me'];

async function toApiError(res: Response, path: string): Promise<ApiError> {
  let body: any = null;
  try {
    body = await res.json();
  } catch {
    /* not JSON */
  }
  const err = body?.error;
  const retryAfter = Number(res.headers.get('retry-after')) || undefined;
  if (res.status === 401 && !SESSION_PATHS.includes(path)) onUnauthorized?.();
  return new ApiError(
    res.status,
    typeof err?.code === 'string' ? err.code : `HTTP_${res.status}`,
    typeof err?.message === 'string' ? err.message : res.statusText || `HTTP ${res.status}`,
    typeof err?.field === 'string' ? err.field : undefined,
    err?.details,
    retryAfter,
  );
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
}

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const url = `/api${path}${opts.query ? toQueryString(opts.query) : ''}`;
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(url, {
      method: opts.method ?? 'GET',
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', (e as Error)?.message || 'network error');
  }
  if (!res.ok) throw await toApiError(res, path);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Multipart upload of one file with progress (fetch cannot report upload progress). */
export function uploadFile<T>(path: string, file: File, onProgress?: (percent: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api${path}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', language);
    xhr.upload.onprogress = (ev) => {
      if (ev.lengthComputable && onProgress) onProgress(Math.round((ev.loaded / ev.total) * 100));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'network error'));
    xhr.onload = () => {
      let body: any = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as T);
      if (xhr.status === 401) onUnauthorized?.();
      const err = body?.error;
      reject(
        new ApiError(
          xhr.status,
          err?.code ?? `HTTP_${xhr.status}`,
          err?.message ?? xhr.statusText,
          err?.field,
          err?.details,
        ),
      );
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** Turns a server field name ("creditCode", "/parties/0/name", "body.parties[0].name") into a form name path. */
export function fieldPath(field: string): (string | number)[] {
  return field
    .replace(/\[(\d+)\]/g, '.$1')
    .split(/[./]/)
    .filter((p) => p && p !== 'body')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

function filenameFrom(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      /* fall through */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1] : null;
}

/** Downloads a file from the API with the session cookie, so errors can be shown instead of a raw error page. */
export async function downloadFile(
  path: string,
  query: Record<string, QueryValue>,
  fallbackName: string,
): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`/api${path}${toQueryString(query)}`, {
      credentials: 'same-origin',
      headers: { 'Accept-Language': language },
    });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', (e as Error)?.message || 'network error');
  }
  if (!res.ok) throw await toApiError(res, path);
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filenameFrom(res.headers.get('content-disposition')) ?? fallbackName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
