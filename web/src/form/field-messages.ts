/**
 * The API's field errors in the words of the form. The API answers in English for every client (importers,
 * scripts, the OpenAPI tools); a clerk reads Chinese, so the messages the report rules give
 * (shared/domain/report-content.ts, shared/domain/text.ts) are said again here, field by field. A message
 * this table does not know is shown as the API gave it, which is still better than nothing. zod's own
 * messages are matched by their English wording, which a zod upgrade could change: the unit test parses
 * real schemas through the project's zod, so such a change fails there first.
 */
const MESSAGES: [pattern: RegExp, chinese: (...groups: string[]) => string][] = [
  [/must be a finite decimal number$/, () => '请填写阿拉伯数字，如 15000 或 1.5'],
  [/must not be negative$/, () => '不能为负数'],
  [/must have at most (\d+) decimal places in (.+)$/, (places, unit) => `按${unit}计最多保留${places}位小数`],
  [
    /unit (.+) is not accepted; use one of (.+)$/,
    (unit, units) => `不能使用单位“${unit}”，可选：${units.split(', ').join('、')}`,
  ],
  [/must be less than 10\^20 /, () => '数值过大'],
  [/must have at most (\d+) significant digits$/, (digits) => `最多${digits}位有效数字`],
  [/^unknown theme /, () => '主题不在目录中，请重新选择'],
  [/^unknown metric /, () => '指标不在目录中，请重新选择'],
  [/^metric .+ belongs to theme .+, not .+$/, () => '该指标不属于本事项的主题，请改选主题或指标'],
  [/^metric .+ appears twice in this item$/, () => '同一事项中该指标填写了两次，请合并为一行'],
  [/must not be blank/, () => '不能为空（只有空格不算）'],
  [/must be at most (\d+) characters$/, (max) => `最多${max}个字`],
  [/must not contain the (control character|noncharacter)/, () => '含有不可见的控制字符，请删除后重新输入'],
  [/must be Unicode text/, () => '含有无法识别的字符，请删除后重新输入'],
  // zod's own checks (shared/validation/zod.ts configures its English messages): what a field's
  // shape, length or list allows, before any report rule runs.
  [/^Invalid input: expected \w+, received undefined$/, () => '必填'],
  [/^Invalid input: expected /, () => '格式不正确'],
  [/^Too big: expected string to have <=(\d+) characters$/, (max) => `最多${max}个字`],
  [/^Too small: expected string to have >=1 characters$/, () => '不能为空'],
  [/^Too small: expected string to have >=(\d+) characters$/, (min) => `至少${min}个字`],
  [/^Too big: expected array to have <=(\d+) items$/, (max) => `最多${max}项`],
  [/^Too small: expected array to have >=(\d+) items$/, (min) => `至少${min}项`],
  [/^Invalid string: must match pattern /, () => '格式不正确'],
  [/^Invalid option: expected one of /, () => '请从列表中选择'],
  [/^Unrecognized keys?: /, () => '含有表单以外的栏目，请刷新页面后重试'],
];

export function fieldMessageInChinese(message: string): string {
  for (const [pattern, chinese] of MESSAGES) {
    const match = pattern.exec(message);
    if (match) return chinese(...match.slice(1));
  }
  return message;
}
