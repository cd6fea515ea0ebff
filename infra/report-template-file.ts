/**
 * The report template's skeleton, built while the get-report-template bundle is built and shipped beside
 * it: rendering the workbook with exceljs at cold start cost that function 15× a hello world's start
 * (`npm run bench:cold`), and the workbook changes only with the catalog, which a deployment fixes.
 *
 * exceljs writes asynchronously and a CDK app is built synchronously, so the skeleton is built by a
 * command of the bundling (report-template-build.ts through tsx, as the app itself runs), from the
 * catalog the bundle ships; a synth without bundling (the infra tests) never runs it.
 */
import { type BuildFileCommand, shellQuote } from './constructs/showcase-function';

export const buildReportTemplateFile: BuildFileCommand = ({ inputDir, catalog, output }) =>
  [
    'node',
    '--import',
    `${inputDir}/node_modules/tsx/dist/loader.mjs`,
    `${inputDir}/infra/report-template-build.ts`,
    catalog,
    output,
  ]
    .map(shellQuote)
    .join(' ');
