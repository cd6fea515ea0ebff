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
