/** The --demo inbox as one line, for terminals too short for its panel (App.tsx). */
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup } from 'ink-testing-library';
import { DemoPanel } from '../../src/ui/components/DemoPanel.js';
import { waitForText } from '../helpers/ink.js';
import { mount } from '../helpers/mount.js';

afterEach(() => cleanup());

const inbox = {
  totpCode: '123456',
  backupCodes: ['AAAA-BBBB-CCCC'],
  messages: [{ channel: 'sms' as const, to: 'x', code: '111111', secret: 's', sentAt: 1 }],
};

describe('DemoPanel as one line', () => {
  it('every code when the width holds them', async () => {
    const r = mount(<DemoPanel fetchInbox={async () => inbox} line={{ columns: 80, first: null }} />);
    await waitForText(r.lastFrame, 'app');
    assert.equal(r.text().trim(), 'Demo inbox: app 123456 · SMS 111111 · backup AAAA-BBBB-CCCC');
  });
  it('the code the screen asks for first, and only whole codes', async () => {
    const r = mount(<DemoPanel fetchInbox={async () => inbox} line={{ columns: 40, first: 'backup' }} />);
    await waitForText(r.lastFrame, 'backup');
    assert.equal(r.text().trim(), 'Demo inbox: backup AAAA-BBBB-CCCC');
    const sms = mount(<DemoPanel fetchInbox={async () => inbox} line={{ columns: 30, first: 'sms' }} />);
    await waitForText(sms.lastFrame, 'SMS');
    assert.equal(sms.text().trim(), 'Demo inbox: SMS 111111');
  });
});
