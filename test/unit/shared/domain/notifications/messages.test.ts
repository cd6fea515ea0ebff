import {
  CONTENT_LIMIT_BYTES,
  dingtalkSign,
  feishuSign,
  truncateUtf8,
  vendorRefusal,
  webhookRequest,
  type Notice,
} from '../../../../../shared/domain/notifications/messages';

// Expected values computed with the vendors' own documented Python samples (hmac, hashlib, base64,
// urllib.parse.quote_plus) for these fixed inputs, not with the code under test.
const DINGTALK = {
  secret: 'SECexample0123456789',
  timestamp: 1_700_000_000_000,
  sign: 'figG6qqCA/lRh0hsGCW2zNtNV5znkAFut5BI0zKhqnQ=',
  urlEncoded: 'figG6qqCA%2FlRh0hsGCW2zNtNV5znkAFut5BI0zKhqnQ%3D',
};
const FEISHU = {
  secret: 'feishu-secret-example',
  timestamp: 1_700_000_000,
  sign: 'kZlmiyLhPKOoyK7KIr1qwZZ4goMxAZy4WckWPUZeYcQ=',
};

const notice: Notice = {
  title: '周报提醒：2023年第10周',
  markdown: '以下 2 个单位尚未报送：\n\n- 区委办\n- 组织部',
  link: { text: '打开周报系统', url: 'https://showcase.example.gov.cn/?period=2023-W10' },
};

describe('DingTalk custom robot', () => {
  it('signs "{timestamp}\\n{secret}" with the secret, timestamp in milliseconds', () => {
    expect(dingtalkSign(DINGTALK.secret, DINGTALK.timestamp)).toBe(DINGTALK.sign);
  });

  it('puts timestamp and the URL-encoded sign into the query, keeping the access token', () => {
    const request = webhookRequest(
      {
        id: 'ding',
        type: 'dingtalk',
        url: 'https://oapi.dingtalk.com/robot/send?access_token=abc',
        secret: DINGTALK.secret,
      },
      notice,
      new Date(DINGTALK.timestamp),
    );
    expect(request.url).toBe(
      `https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=${DINGTALK.timestamp}&sign=${DINGTALK.urlEncoded}`,
    );
    expect(request.body).toEqual({
      msgtype: 'markdown',
      markdown: {
        title: notice.title,
        text: `### ${notice.title}\n\n${notice.markdown}\n\n[打开周报系统](${notice.link!.url})`,
      },
    });
  });

  it('sends no signature without a secret', () => {
    const request = webhookRequest(
      { id: 'ding', type: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=abc' },
      notice,
      new Date(DINGTALK.timestamp),
    );
    expect(request.url).toBe('https://oapi.dingtalk.com/robot/send?access_token=abc');
  });
});

describe('Feishu/Lark custom bot', () => {
  it('signs an empty message with "{timestamp}\\n{secret}" as the key, timestamp in seconds', () => {
    expect(feishuSign(FEISHU.secret, FEISHU.timestamp)).toBe(FEISHU.sign);
  });

  it('puts timestamp and sign into the JSON body of a markdown card', () => {
    const request = webhookRequest(
      {
        id: 'lark',
        type: 'feishu',
        url: 'https://open.feishu.cn/open-apis/bot/v2/hook/xyz',
        secret: FEISHU.secret,
      },
      notice,
      new Date(FEISHU.timestamp * 1000 + 999),
    );
    expect(request.url).toBe('https://open.feishu.cn/open-apis/bot/v2/hook/xyz');
    expect(request.body).toEqual({
      timestamp: String(FEISHU.timestamp),
      sign: FEISHU.sign,
      msg_type: 'interactive',
      card: {
        header: { title: { tag: 'plain_text', content: notice.title } },
        elements: [{ tag: 'markdown', content: `${notice.markdown}\n\n[打开周报系统](${notice.link!.url})` }],
      },
    });
  });
});

describe('WeCom group robot', () => {
  it('posts markdown to the URL with its key and no signature', () => {
    const request = webhookRequest(
      { id: 'wecom', type: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k-1' },
      notice,
      new Date(0),
    );
    expect(request.url).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k-1');
    expect(request.body).toEqual({
      msgtype: 'markdown',
      markdown: { content: `### ${notice.title}\n${notice.markdown}\n\n[打开周报系统](${notice.link!.url})` },
    });
  });

  it('posts the notice without a link when the deployment has no web app URL', () => {
    const { link: _link, ...withoutLink } = notice;
    const request = webhookRequest(
      { id: 'wecom', type: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k-1' },
      withoutLink,
      new Date(0),
    );
    expect(request.body).toEqual({
      msgtype: 'markdown',
      markdown: { content: `### ${notice.title}\n${notice.markdown}` },
    });
  });

  it('cuts a long message to the 4,096-byte markdown limit with "…" and keeps the link', () => {
    const long = { ...notice, markdown: Array.from({ length: 800 }, (_, i) => `- 单位${i}`).join('\n') };
    const request = webhookRequest(
      { id: 'wecom', type: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k-1' },
      long,
      new Date(0),
    );
    const content = (request.body as { markdown: { content: string } }).markdown.content;
    expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(CONTENT_LIMIT_BYTES.wecom);
    expect(CONTENT_LIMIT_BYTES.wecom).toBeLessThanOrEqual(4096);
    expect(content).toContain('…\n\n[打开周报系统](https://showcase.example.gov.cn/?period=2023-W10)');
    expect(content.startsWith(`### ${notice.title}\n- 单位0\n- 单位1`)).toBe(true);
  });
});

describe('truncateUtf8', () => {
  it('leaves text within the limit alone', () => {
    expect(truncateUtf8('区委办', 9)).toBe('区委办');
  });

  it('never cuts inside a character and ends with the ellipsis', () => {
    // 区 委 办 are three bytes each, as is "…": 8 bytes leave room for one character and the ellipsis.
    expect(truncateUtf8('区委办', 8)).toBe('区…');
    expect(truncateUtf8('ab😀cd', 7)).toBe('ab…'); // the 4-byte emoji does not fit in the 4 left
  });
});

describe('vendorRefusal', () => {
  it('accepts code 0 and refuses anything else with the vendor code, for each vendor', () => {
    expect(vendorRefusal('dingtalk', { errcode: 0, errmsg: 'ok' })).toBeUndefined();
    expect(vendorRefusal('wecom', { errcode: 0, errmsg: 'ok' })).toBeUndefined();
    expect(vendorRefusal('feishu', { code: 0, msg: 'success' })).toBeUndefined();
    expect(vendorRefusal('dingtalk', { errcode: 310000, errmsg: 'sign not match' })).toBe(
      'the robot refused the message (code 310000: sign not match)',
    );
    expect(
      vendorRefusal('feishu', {
        code: 19021,
        msg: 'sign match fail or timestamp is not within one hour from current time',
      }),
    ).toContain('code 19021');
  });
});
