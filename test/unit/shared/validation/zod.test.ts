import * as z from '../../../../shared/validation/zod';

describe('zod as the schemas use it', () => {
  it('should answer in zod’s English, which zod/mini alone does not configure', () => {
    const result = z.strictObject({ name: z.string().check(z.maxLength(3)) }).safeParse({ name: 'long' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([
      'Too big: expected string to have <=3 characters',
    ]);
    expect(z.number().safeParse('1').error?.issues[0]?.message).toBe(
      'Invalid input: expected number, received string',
    );
  });

  it('should describe a copy and leave the schema it was given, and its other copies, as they were', () => {
    const id = z.string();
    const theme = z.withMeta(id, { description: 'A theme id', example: 'political' });
    const metric = z.withMeta(id, { description: 'A metric id' });
    expect(theme).not.toBe(id);
    expect(z.globalRegistry.get(id)).toBeUndefined();
    expect(z.globalRegistry.get(theme)).toEqual({ description: 'A theme id', example: 'political' });
    expect(z.toJSONSchema(metric)).toMatchObject({ type: 'string', description: 'A metric id' });
    // The copy validates exactly as the original does.
    expect(theme.safeParse(1).success).toBe(false);
    expect(theme.safeParse('qwb').success).toBe(true);
  });
});
