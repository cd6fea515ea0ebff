import { renderDocx, renderHtml, renderMarkdown } from '../../../../../shared/domain/documents';
import {
  APPENDIX_RANKING_ROWS,
  buildContent,
  formatDekad,
  paragraphs,
} from '../../../../../shared/domain/documents/content';
import type { SummaryDocument } from '../../../../../shared/domain/summary';
import { departmentScopeFixture, summaryDocumentFixture } from '../../../../fixtures/summary-document';

function withMetric(doc: SummaryDocument, id: string, change: Partial<SummaryDocument['metrics'][number]>) {
  return { ...doc, metrics: doc.metrics.map((m) => (m.metric === id ? { ...m, ...change } : m)) };
}

describe('the prose of the district document', () => {
  const doc = summaryDocumentFixture();
  const content = buildContent(doc);

  it('opens with an overview built from the headline figures of every theme', () => {
    expect(content.overview).toHaveLength(1);
    const overview = content.overview[0] ?? '';
    expect(
      overview.startsWith(
        '2023年上半年，全区各单位围绕政治建设、服务大局、基层治理、人才工作等方面扎实开展工作，',
      ),
    ).toBe(true);
    // political has a headline figure with a sentence template; the other themes contribute their first figure.
    expect(overview).toContain('分层分类举办专题轮训班，轮训干部1300人次');
    expect(overview).not.toContain('外出考察实践党员干部');
    expect(overview.endsWith('。')).toBe(true);
  });

  it('puts every reported figure of a theme into its lead, with like-for-like comparisons', () => {
    const lead = content.themes[0]?.lead.join('') ?? '';
    expect(lead).toContain('轮训干部1300人次，其中同口径1个单位较上期减少80人次，下降13.3%');
    expect(lead).toContain('外出考察实践党员干部400人次；');
    expect(lead).toContain('表扬能力作风建设标兵82名，与上期持平');
    expect(lead).toContain('新党员集中宣誓60名，较上期减少15名，下降20%');
  });

  it('names the units that contributed highlights, in roster order', () => {
    const lead = content.themes[2]?.lead.join('') ?? '';
    // Pinyin: hong, qu tong, qu zhu.
    expect(lead).toMatch(/。红卫街道、区统计局 .*、区住建局报送了这方面的工作亮点。$/);
  });

  it('dates highlights by month and 旬 and names their unit', () => {
    expect(content.themes[0]?.highlights[0]).toEqual({
      title: '分层分类举办专题轮训班',
      detail: '副科级以上干部和村（社区）“两委”干部轮训一遍，做到应训尽训。',
      source: '区委办，1月下旬',
    });
  });

  it('falls back to label and value without a template, and marks a latest figure', () => {
    const lead = content.themes[1]?.lead.join('') ?? '';
    expect(lead).toContain('领导包联亿元以上重点项目（期末数）151个');
  });

  it('states the previous period and its completeness once', () => {
    expect(content.comparisonNote).toBe(
      '文中“较上期”均与2022年下半年同口径比较，只计两期均报送该项数据的单位；2022年下半年应报周报182份，实报60份，上期数据不完整，比较仅供参考。',
    );
  });

  it('uses the time zone of the document, not a fixed one', () => {
    const utc = buildContent({ ...doc, timeZone: 'America/Los_Angeles' });
    expect(utc.signature.date).toBe('2023年6月20日');
    expect(content.signature).toEqual({ issuer: '张湾区委组织部', date: '2023年6月21日' });
  });

  it('has no 下一步 section without an editorial', () => {
    expect(content.nextSteps).toBeNull();
  });
});

describe('the editorial in the district document', () => {
  const doc: SummaryDocument = {
    ...summaryDocumentFixture(),
    editorial: {
      revision: 3,
      updatedAt: '2023-07-01T00:00:00.000Z',
      overview: '第一段。\n\n  第二段，\n同段换行。\n\n',
      themes: { development: '服务大局的导语。' },
      nextSteps: '一是继续抓好轮训。\n\n二是抓好人才工作。',
    },
  };
  const content = buildContent(doc);

  it('replaces the generated overview, split into paragraphs at blank lines', () => {
    expect(content.overview).toEqual(['第一段。', '第二段，\n同段换行。']);
  });

  it('replaces the lead of the theme it gives text for, and only that one', () => {
    expect(content.themes[1]?.lead).toEqual(['服务大局的导语。']);
    expect(content.themes[0]?.lead[0]).toContain('轮训干部1300人次');
  });

  it('adds the 下一步工作打算 section after the themes', () => {
    expect(content.nextSteps).toEqual({
      heading: '六、下一步工作打算',
      paragraphs: ['一是继续抓好轮训。', '二是抓好人才工作。'],
    });
  });

  it('is ignored in a department document', () => {
    const department = buildContent({ ...departmentScopeFixture('hrss'), editorial: doc.editorial });
    expect(department.overview.join('')).not.toContain('第一段');
    expect(department.nextSteps).toBeNull();
  });
});

describe('a department document', () => {
  const content = buildContent(departmentScopeFixture('hrss'));

  it('shows only the themes and figures the department reported', () => {
    expect(content.themes.map((theme) => theme.id)).toEqual(['political', 'talent']);
    expect(content.themes[0]?.figures.map((figure) => figure.metric)).toEqual(['cadres-trained']);
    expect(
      content.themes.flatMap((theme) => theme.figures).every((figure) => figure.value.text !== '0'),
    ).toBe(true);
  });

  it('has its own overview and coverage line, and no appendix, ranking or 合计', () => {
    expect(content.overview[0]).toContain('区人社局围绕政治建设、人才工作等方面扎实开展工作');
    expect(content.overview[1]).toBe(
      '本单位本期应报周报24份，实报23份，其中按时21份、逾期2份，未报1份，按时报送率87.5%。',
    );
    expect(content.appendix).toBeNull();
    expect(content.signature.issuer).toBe('区人社局');
  });

  it('dates its highlights without repeating its own name', () => {
    expect(content.themes[1]?.highlights.map((h) => h.source)).toEqual(['3月中旬', '6月上旬']);
  });

  it('says so plainly when nothing was reported', () => {
    const empty = departmentScopeFixture('hrss');
    const none = buildContent({
      ...empty,
      metrics: empty.metrics.map((m) => ({ ...m, reportingDepartments: 0 })),
      themes: empty.themes.map((t) => ({ ...t, highlights: [] })),
    });
    expect(none.themes).toEqual([]);
    expect(none.overview[0]).toBe('2023年上半年，区人社局尚未报送可汇总的工作数据。');
  });
});

describe('comparison wording', () => {
  it('leaves out the basis when every reporting unit is in it', () => {
    const doc = withMetric(summaryDocumentFixture(), 'exemplars-commended', {
      comparison: {
        basisDepartmentCount: 1,
        current: '82',
        previous: '80',
        change: '2',
        changeRate: '0.0250',
      },
    });
    const lead = buildContent(doc).themes[0]?.lead.join('') ?? '';
    expect(lead).toContain('表扬能力作风建设标兵82名，较上期增加2名，增长2.5%');
  });
});

describe('formatDekad and paragraphs', () => {
  it('reads a week as month and 旬 by its Thursday', () => {
    expect(formatDekad('2023-W09', 'Asia/Shanghai')).toBe('3月上旬');
    expect(formatDekad('not a week', 'Asia/Shanghai')).toBe('not a week');
  });

  it('splits at blank lines, including lines of spaces, and drops empty paragraphs', () => {
    expect(paragraphs('a\n \nb\r\n\r\nc\n\n\n')).toEqual(['a', 'b', 'c']);
  });
});

describe('the coverage line', () => {
  it('does not say a count of zero', () => {
    const doc = departmentScopeFixture('hrss');
    const coverage = { ...doc.coverage, lateReports: 0, onTimeReports: 23, submittedReports: 23 };
    expect(buildContent({ ...doc, coverage }).overview[1]).toBe(
      '本单位本期应报周报24份，实报23份，均按时报送，未报1份，按时报送率95.8%。',
    );
  });

  it('says plainly when every expected report came on time', () => {
    const doc = departmentScopeFixture('party-office');
    expect(buildContent(doc).overview[1]).toBe('本单位本期应报周报24份，全部按时报送。');
  });
});

describe('what a reviewer would mark, fixed', () => {
  it('explains 万 and 约 only as far as the figures on the page need it', () => {
    expect(buildContent(summaryDocumentFixture()).roundingNote).toBe(
      '（注：数值满1万的以“万”为单位、满1亿的以“亿”为单位，至多保留两位小数；标“约”的数值经四舍五入，表中括号内为精确值。）',
    );
    // hrss reports 1.2万 and 314.2万 exactly: the 万 needs explaining, a "约" does not.
    expect(buildContent(departmentScopeFixture('hrss')).roundingNote).toBe(
      '（注：数值满1万的以“万”为单位、满1亿的以“亿”为单位，至多保留两位小数。）',
    );
    // Nothing of party-office's reaches 10,000: no note to stand alone under the date line.
    expect(buildContent(departmentScopeFixture('party-office')).roundingNote).toBeNull();
  });

  it('counts a rounded change as a rounded figure', () => {
    const doc = withMetric(departmentScopeFixture('party-office'), 'cadres-trained', {
      value: '20000',
      comparison: {
        basisDepartmentCount: 1,
        current: '20000',
        previous: '7655',
        change: '12345',
        changeRate: '1.6127',
      },
    });
    expect(buildContent(doc).roundingNote).toContain('标“约”的数值经四舍五入');
  });

  it('compares a department with itself, without the district’s 同口径 wording', () => {
    const doc = withMetric(departmentScopeFixture('party-office'), 'cadres-trained', {
      comparison: {
        basisDepartmentCount: 1,
        current: '520',
        previous: '500',
        change: '20',
        changeRate: '0.0400',
      },
    });
    const content = buildContent(doc);
    expect(content.comparisonNote).toMatch(
      /^文中“较上期”均与本单位2022年下半年比较；本单位2022年下半年应报周报\d+份/,
    );
    expect(content.comparisonNote).not.toContain('同口径');
    expect(content.changeHeading).toBe('较上期');
    expect(buildContent(summaryDocumentFixture()).changeHeading).toBe('较上期（同口径）');
  });

  it('gives a single figure no table of one row, unless the table holds its exact value', () => {
    const content = buildContent(departmentScopeFixture('party-office'));
    const development = content.themes.find((theme) => theme.id === 'development');
    expect(development?.figures).toHaveLength(1);
    expect(development?.showTable).toBe(false);
    expect(content.themes.find((theme) => theme.id === 'political')?.showTable).toBe(true);

    const rounded = withMetric(departmentScopeFixture('party-office'), 'assault-cadres', {
      value: '136686',
    });
    const roundedTheme = buildContent(rounded).themes.find((theme) => theme.id === 'development');
    expect(roundedTheme?.figures[0]?.value.approximate).toBe(true);
    expect(roundedTheme?.showTable).toBe(true);
  });

  it('drops the 上期 and 较上期 columns of a theme where nothing has a comparison', () => {
    expect(buildContent(departmentScopeFixture('hongwei')).themes.map((theme) => theme.compared)).toEqual([
      false,
      false,
      false,
    ]);
    expect(buildContent(summaryDocumentFixture()).themes.every((theme) => theme.compared)).toBe(true);
  });
});

describe('the 截至 line of a running period', () => {
  it('holds no bracket, since every format puts it in brackets', () => {
    expect(buildContent(departmentScopeFixture('hrss')).subtitle).toBe(
      '数据截至6月中旬，2023年6月21日 10:30生成；本期尚未结束，数据将随后续周报更新',
    );
  });
});

describe('a district too large for the department × week grid', () => {
  /** The fixture as the aggregation writes a district of more than GRID_DEPARTMENTS_MAX departments. */
  function bounded(): SummaryDocument {
    const doc = summaryDocumentFixture();
    return { ...doc, coverage: { ...doc.coverage, grid: null } };
  }

  it('gives the heat map as counts per week instead of a row per unit', () => {
    const doc = bounded();
    const appendix = buildContent(doc).appendix!;
    expect(appendix.heatmapCaption).toBe('图2\u3000逐周报送情况');
    expect(appendix.weeklyCoverage).toHaveLength(doc.coverage.weeks.length);
    const first = doc.coverage.weeks[0]!;
    expect(appendix.weeklyCoverage?.[0]).toEqual({
      week: '第1周',
      dekad: formatDekad(first.week, doc.timeZone),
      onTime: String(first.onTime),
      late: String(first.late),
      missing: String(first.missing),
    });
    expect(buildContent(summaryDocumentFixture()).appendix?.weeklyCoverage).toBeNull();
  });

  it('draws one stacked column per week and no row per unit, in HTML, Markdown and Word', async () => {
    const doc = bounded();
    const html = renderHtml(doc);
    const heatmap = html.slice(html.indexOf('<svg id="chart-coverage-heatmap"'));
    const svg = heatmap.slice(0, heatmap.indexOf('</svg>'));
    expect(svg).toContain('aria-label="逐周报送情况"');
    expect(svg).not.toContain('class="row-label"');
    expect(svg).toContain(`<title>第1周：按时${doc.coverage.weeks[0]!.onTime}，`);
    const markdown = renderMarkdown(doc);
    expect(markdown).toContain('| 周次 | 时间 | 按时 | 逾期 | 未报 |');
    expect(markdown).not.toContain('图例：● 按时');
    const docx = await renderDocx(doc);
    expect(docx.byteLength).toBeGreaterThan(0);
  });

  it('keeps the rendered appendix to the totals and the lowest on-time rates, pointing to the workbook', () => {
    const doc = bounded();
    const many = Array.from({ length: APPENDIX_RANKING_ROWS + 5 }, (_, i) => ({
      rank: i + 1,
      departmentId: `u${i}`,
      name: `单位${i}`,
      onTimeRate: i < APPENDIX_RANKING_ROWS + 3 ? `0.${String(99 - i).padStart(2, '0')}00` : null,
      onTime: 1,
      expected: 2,
    }));
    const appendix = buildContent({ ...doc, rankings: { onTime: many } }).appendix!;
    expect(appendix.coverageRows).toEqual([]);
    expect(appendix.coverageCaption).toBe('全区周报报送合计');
    expect(appendix.coverageTotal.expected).toBe(String(doc.coverage.expectedReports));
    expect(appendix.coverageSentence).toContain('各单位逐一报送情况见同期Excel汇总表“报送情况”工作表。');
    expect(appendix.rankingHeading).toBe(`周报按时报送排名（后${APPENDIX_RANKING_ROWS}位）`);
    // The lowest rates, units without a rate left out.
    expect(appendix.onTimeRanking.map((r) => r.name)).toEqual(
      many.slice(3, APPENDIX_RANKING_ROWS + 3).map((r) => r.name),
    );
    const full = buildContent(summaryDocumentFixture()).appendix!;
    expect(full.coverageRows).toHaveLength(summaryDocumentFixture().coverage.byDepartment.length);
    expect(full.rankingHeading).toBe('周报按时报送排名');
    // The table sits right under the appendix title, so its caption says what it holds instead.
    expect(full.coverageCaption).toBe('各单位周报报送统计');
    expect(full.coverageCaption).not.toBe(full.title);
  });

  it('names at most five contributing units and counts them all', () => {
    const doc = summaryDocumentFixture();
    const theme = doc.themes[2]!;
    const named = theme.namedContributors;
    const many = {
      ...doc,
      themes: doc.themes.map((t) => (t === theme ? { ...t, contributors: 1234 } : t)),
    };
    const lead =
      buildContent(many)
        .themes.find((t) => t.id === theme.theme)
        ?.lead.join('') ?? '';
    expect(lead).toContain(`${named.map((d) => d.name).join('、')}等1234个单位报送了这方面的工作亮点。`);
  });
});
