/**
 * The lint rule that keeps the core (shared/domain, shared/ports, shared/use-cases) free of the HTTP
 * layer, run through ESLint's own API with the project's configuration.
 */
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

const importHttp = "import type { HttpEvent } from '../http/http-handler';\nexport type X = HttpEvent;\n";

test.each(['shared/domain/probe.ts', 'shared/ports/probe.ts', 'shared/use-cases/probe.ts'])(
  'It should refuse an import of shared/http in %s',
  async (filePath) => {
    const messages = await restrictedImports(filePath, importHttp);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/must not depend on the HTTP layer/);
  },
);

test('It should still refuse the AWS SDK in the domain', async () => {
  const messages = await restrictedImports(
    'shared/domain/probe.ts',
    "import { S3Client } from '@aws-sdk/client-s3';\nexport const x = S3Client;\n",
  );
  expect(messages).toHaveLength(1);
});

test('It should let the HTTP side and the adapters import shared/http', async () => {
  expect(await restrictedImports('shared/http/probe.ts', "import type { X } from './contract';\n")).toEqual(
    [],
  );
  expect(await restrictedImports('functions/probe/handler.ts', importHttp)).toEqual([]);
});

test('It should let the core import the access rules from the domain', async () => {
  const code = "import type { Principal } from '../domain/access';\nexport type X = Principal;\n";
  expect(await restrictedImports('shared/use-cases/probe.ts', code)).toEqual([]);
});
