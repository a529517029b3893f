/**
 * One machine-readable step of a rule's reasoning. The UI turns `code` + `params` into Chinese or
 * English, so the domain never formats prose for scores and grades.
 */
export interface Explanation {
  code: string;
  params: Record<string, number | string>;
}

export const step = (code: string, params: Record<string, number | string> = {}): Explanation => ({
  code,
  params,
});
