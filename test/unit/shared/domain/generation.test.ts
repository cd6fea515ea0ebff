import {
  contentDisposition,
  documentKey,
  downloadFileName,
  GENERATION_ID_PATTERN,
  generationPrefix,
  isScope,
  manifestKey,
  newGenerationId,
  scheduledPeriod,
} from '../../../../shared/domain/generation';

const ZONE = 'Asia/Shanghai';

describe('generation ids', () => {
  it('formats the UTC time to the millisecond followed by the random part', () => {
    expect(newGenerationId(new Date('2023-11-26T06:45:00.123Z'), '0a1b2c3d')).toBe(
      '20231126T064500123Z-0a1b2c3d',
    );
    expect(newGenerationId(new Date('2023-11-26T06:45:00.123Z'), '0a1b2c3d')).toMatch(GENERATION_ID_PATTERN);
  });

  it('sorts ids by time whatever their random parts, so the newest is the last in key order', () => {
    const times = [
      '2023-07-01T00:00:00.000Z',
      '2023-07-01T00:00:00.001Z',
      '2023-07-01T00:00:01.000Z',
      '2023-07-01T09:59:59.999Z',
      '2023-07-01T10:00:00.000Z',
      '2024-01-01T00:00:00.000Z',
    ];
    const randoms = ['ffffffff', '00000000', 'a0000000', '0000000f', '10000000', '00000001'];
    const ids = times.map((time, i) => newGenerationId(new Date(time), randoms[i]!));
    expect([...ids].sort()).toEqual(ids);
  });
});

describe('S3 layout', () => {
  it('puts every document of a generation under summaries/{period}/{generationId}/', () => {
    const id = '20230710T020000000Z-0a1b2c3d';
    expect(generationPrefix('2023-H1', id)).toBe(`summaries/2023-H1/${id}/`);
    expect(documentKey('2023-H1', id, 'district', 'docx')).toBe(`summaries/2023-H1/${id}/district.docx`);
    expect(documentKey('2023-H1', id, 'qwb', 'json')).toBe(`summaries/2023-H1/${id}/qwb.json`);
    expect(documentKey('2023-H1', id, 'qwb', 'md')).toBe(`summaries/2023-H1/${id}/qwb.md`);
    expect(documentKey('2023-H1', id, 'qwb', 'html')).toBe(`summaries/2023-H1/${id}/qwb.html`);
    expect(manifestKey('2023-H1', id)).toBe(`summaries/2023-H1/${id}/manifest.json`);
  });
});

describe('download file names', () => {
  it('names the district file after the organisation and the half-year', () => {
    expect(downloadFileName('张湾区委组织部', '2023-H1', 'docx')).toBe(
      '张湾区委组织部-2023年上半年-汇总.docx',
    );
  });

  it('names a department file after the department and the half-year', () => {
    expect(downloadFileName('区委办', '2022-H2', 'md')).toBe('区委办-2022年下半年-汇总.md');
    expect(downloadFileName('区委办', '2022-H2', 'html')).toBe('区委办-2022年下半年-汇总.html');
  });

  it('replaces characters no file system accepts, and control characters, with a dash', () => {
    expect(downloadFileName('a/b\\c:d*e?f"g<h>i|j', '2023-H1', 'json')).toBe(
      'a-b-c-d-e-f-g-h-i-j-2023年上半年-汇总.json',
    );
    expect(downloadFileName('区\n委\u0000办', '2023-H1', 'json')).toBe('区-委-办-2023年上半年-汇总.json');
  });

  it('falls back to "summary" when nothing of the name is left', () => {
    expect(downloadFileName('   ', '2023-H1', 'docx')).toBe('summary-2023年上半年-汇总.docx');
  });
});

describe('Content-Disposition', () => {
  it('encodes the contract’s example exactly as RFC 5987 asks, with an ASCII fallback', () => {
    expect(contentDisposition('张湾区委组织部-2023年上半年-汇总.docx')).toBe(
      'attachment; filename="_______-2023____-__.docx"; ' +
        "filename*=UTF-8''%E5%BC%A0%E6%B9%BE%E5%8C%BA%E5%A7%94%E7%BB%84%E7%BB%87%E9%83%A8-2023%E5%B9%B4" +
        '%E4%B8%8A%E5%8D%8A%E5%B9%B4-%E6%B1%87%E6%80%BB.docx',
    );
  });

  it('keeps an ASCII name as it is in the fallback and in filename*', () => {
    expect(contentDisposition('summary-2023.md')).toBe(
      `attachment; filename="summary-2023.md"; filename*=UTF-8''summary-2023.md`,
    );
  });

  it('escapes the characters RFC 5987 does not allow unencoded and keeps quotes out of the fallback', () => {
    expect(contentDisposition(`O'Brien (x)* "q" \\ 1.md`)).toBe(
      `attachment; filename="O'Brien (x)* _q_ _ 1.md"; ` +
        `filename*=UTF-8''O%27Brien%20%28x%29%2A%20%22q%22%20%5C%201.md`,
    );
  });
});

describe('the period of a scheduled run', () => {
  it('summarises the half-year of the week that has just ended on the Monday run', () => {
    expect(scheduledPeriod('running', new Date('2023-03-06T06:00:00+08:00'), ZONE)).toBe('2023-H1');
    // 2023-W26, the last week of 2023-H1, ends on Monday 3 July: that Monday completes 2023-H1 ...
    expect(scheduledPeriod('running', new Date('2023-07-03T06:00:00+08:00'), ZONE)).toBe('2023-H1');
    // ... and the next Monday moves on to 2023-H2.
    expect(scheduledPeriod('running', new Date('2023-07-10T06:00:00+08:00'), ZONE)).toBe('2023-H2');
  });

  it('summarises the half-year that has just ended on the 1 July and 1 January runs, in the local zone', () => {
    // 16:30 UTC on 30 June: in UTC still the first half-year, in Shanghai already the second.
    expect(scheduledPeriod('ended', new Date('2023-07-01T00:30:00+08:00'), ZONE)).toBe('2023-H1');
    expect(scheduledPeriod('ended', new Date('2024-01-01T00:30:00+08:00'), ZONE)).toBe('2023-H2');
  });

  it('summarises the week just ended on the Monday showcase run', () => {
    expect(scheduledPeriod('week-ended', new Date('2023-03-13T12:30:00+08:00'), ZONE)).toBe('2023-W10');
    expect(scheduledPeriod('week-ended', new Date('2021-01-04T12:30:00+08:00'), ZONE)).toBe('2020-W53');
  });

  it('summarises the quarter and the year of the day before on the first day after them', () => {
    expect(scheduledPeriod('quarter-ended', new Date('2023-04-01T00:30:00+08:00'), ZONE)).toBe('2023-Q1');
    expect(scheduledPeriod('quarter-ended', new Date('2024-01-01T00:30:00+08:00'), ZONE)).toBe('2023-Q4');
    expect(scheduledPeriod('year-ended', new Date('2024-01-01T00:30:00+08:00'), ZONE)).toBe('2023');
    // 16:30 UTC on 31 December is already 1 January in Shanghai.
    expect(scheduledPeriod('year-ended', new Date('2023-12-31T16:30:00Z'), ZONE)).toBe('2023');
  });
});

describe('scopes', () => {
  it('accepts the district and department ids', () => {
    expect(isScope('district')).toBe(true);
    expect(isScope('qwb')).toBe(true);
    expect(isScope('dept-2')).toBe(true);
    expect(isScope('a'.repeat(64))).toBe(true);
  });

  it('refuses anything that could not be a department id', () => {
    for (const scope of [
      '',
      'UPPER',
      '../x',
      'a/b',
      '-qwb',
      'q_wb',
      'qwb.json',
      '区委办',
      'a'.repeat(65),
      ' qwb',
    ]) {
      expect(isScope(scope)).toBe(false);
    }
  });
});
