import { fieldMessageInChinese } from '../../../../web/src/form/field-messages';
import { convertValue, DETAIL_RULE, TITLE_RULE } from '../../../../shared/domain/report-content';
import { checkText } from '../../../../shared/domain/text';
import * as z from '../../../../shared/validation/zod';

/** The message the project's zod gives for a value a schema refuses. */
function zodFault(schema: z.ZodMiniType, value: unknown): string {
  const result = schema.safeParse(value);
  if (result.success) throw new Error(`${JSON.stringify(value)} was accepted`);
  return result.error.issues[0]!.message;
}

/** The fault the report rules give for a metric value, as the API puts it into a field error. */
function valueFault(text: string, unit?: string): string {
  const result = convertValue(text, unit, '人次');
  if (typeof result === 'string') throw new Error(`${text} was accepted`);
  return `cadres-trained: ${result.fault}`;
}

describe("the API's field errors in the form's words", () => {
  it('says what is wrong with a value in Chinese, from the messages the report rules really give', () => {
    expect(fieldMessageInChinese(valueFault('一万五'))).toBe('请填写阿拉伯数字，如 15000 或 1.5');
    expect(fieldMessageInChinese(valueFault('-3'))).toBe('不能为负数');
    expect(fieldMessageInChinese(valueFault('3', '个'))).toBe('不能使用单位“个”，可选：人次、万人次、亿人次');
    expect(fieldMessageInChinese(valueFault('1234567890123456789'))).toBe('最多18位有效数字');
    expect(fieldMessageInChinese(valueFault('0.0000000000000000001'))).toBe('按人次计最多保留18位小数');
  });

  it('says what is wrong with a title or detail in Chinese', () => {
    expect(fieldMessageInChinese(checkText('  \u200b ', TITLE_RULE)!)).toBe('不能为空（只有空格不算）');
    expect(fieldMessageInChinese(checkText('字'.repeat(DETAIL_RULE.max + 1), DETAIL_RULE)!)).toBe(
      `最多${DETAIL_RULE.max}个字`,
    );
    expect(fieldMessageInChinese(checkText('a\u0007b', TITLE_RULE)!)).toBe(
      '含有不可见的控制字符，请删除后重新输入',
    );
  });

  it("says zod's own faults (missing, too long, too many, not in the list) in Chinese, from zod's real messages", () => {
    expect(fieldMessageInChinese(zodFault(z.object({ title: z.string() }), {}))).toBe('必填');
    expect(fieldMessageInChinese(zodFault(z.string(), 3))).toBe('格式不正确');
    expect(fieldMessageInChinese(zodFault(z.string().check(z.maxLength(40)), 'x'.repeat(41)))).toBe(
      '最多40个字',
    );
    expect(fieldMessageInChinese(zodFault(z.string().check(z.minLength(1)), ''))).toBe('不能为空');
    expect(fieldMessageInChinese(zodFault(z.string().check(z.minLength(2)), 'x'))).toBe('至少2个字');
    expect(fieldMessageInChinese(zodFault(z.array(z.string()).check(z.maxLength(2)), ['a', 'b', 'c']))).toBe(
      '最多2项',
    );
    expect(fieldMessageInChinese(zodFault(z.array(z.string()).check(z.minLength(1)), []))).toBe('至少1项');
    expect(fieldMessageInChinese(zodFault(z.string().check(z.regex(/^[a-z]+$/)), 'A'))).toBe('格式不正确');
    expect(fieldMessageInChinese(zodFault(z.enum(['department', 'reviewer']), 'boss'))).toBe(
      '请从列表中选择',
    );
    expect(fieldMessageInChinese(zodFault(z.strictObject({}), { extra: 1 }))).toBe(
      '含有表单以外的栏目，请刷新页面后重试',
    );
  });

  it('shows a message it does not know as the API gave it', () => {
    expect(fieldMessageInChinese('latest revision is 3')).toBe('latest revision is 3');
  });
});
