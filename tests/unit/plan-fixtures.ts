import { readFileSync } from 'node:fs';

/** The plans of tests/fixtures/plans (see its README). */
export const EXAMPLE = 'tests/fixtures/plans/000_f92f3527b0d669fc.txt';
export const SECOND = 'tests/fixtures/plans/second-primary-halfwidth.txt';
export const THIRD = 'tests/fixtures/plans/third-sentence-group.txt';

export const readPlanText = (file: string): string => readFileSync(file, 'utf8');
