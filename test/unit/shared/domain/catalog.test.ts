import defaultCatalogJson from '../../../../shared/domain/default-catalog.json';
import { defaultCatalog, parseCatalog } from '../../../../shared/domain/catalog';

describe('defaultCatalog', () => {
  // The functions use the shipped catalog without parsing it at cold start; this is where it is checked.
  it('should be a valid catalog, exactly as parsed', () => {
    expect(parseCatalog(defaultCatalogJson, 'default-catalog.json')).toEqual(defaultCatalog);
  });

  it('should refuse a catalog whose metric names an unknown theme', () => {
    const broken = {
      ...defaultCatalogJson,
      metrics: [{ ...defaultCatalogJson.metrics[0]!, theme: 'no-such-theme' }],
    };
    expect(() => parseCatalog(broken, 'broken.json')).toThrow(
      /metrics\.0\.theme: unknown theme no-such-theme/,
    );
  });
});

const theme = { id: 'political', title: '政治建设' };
const metric = {
  id: 'cadres-trained',
  theme: 'political',
  label: '专题轮训干部',
  unit: '人次',
  aggregate: 'sum',
};

describe('catalog sentence templates, headline flags and display titles', () => {
  it('accepts a template with one {value}, a headline flag and a display title', () => {
    const catalog = parseCatalog(
      {
        themes: [{ ...theme, displayTitle: '凝心铸魂赋能\u3000政治建设迈上新高度' }],
        metrics: [{ ...metric, sentence: '轮训干部{value}', headline: true }],
      },
      'test',
    );
    expect(catalog.metrics[0]).toMatchObject({ sentence: '轮训干部{value}', headline: true });
    expect(catalog.themes[0]?.displayTitle).toBe('凝心铸魂赋能\u3000政治建设迈上新高度');
  });

  it.each([
    ['no {value}', '轮训干部'],
    ['two {value}', '{value}与{value}'],
    ['another placeholder', '{departments}轮训干部{value}'],
    ['a full stop at the end', '轮训干部{value}。'],
  ])('refuses a template with %s, naming the field', (_, sentence) => {
    expect(() => parseCatalog({ themes: [theme], metrics: [{ ...metric, sentence }] }, 'test.json')).toThrow(
      /Invalid catalog in test\.json: metrics\.0\.sentence: /,
    );
  });

  it('ships a default catalog whose every theme has a headline figure and a display title', () => {
    for (const t of defaultCatalog.themes) {
      expect(t.displayTitle).toBeTruthy();
      expect(defaultCatalog.metrics.some((m) => m.theme === t.id && m.headline)).toBe(true);
    }
  });
});
