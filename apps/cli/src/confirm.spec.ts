import { PassThrough } from 'node:stream';
import { confirm } from './confirm';
import { ExitCode } from './exit-codes';

function terminal(answer: string, isTTY = true) {
  const input = Object.assign(new PassThrough(), { isTTY });
  const output = new PassThrough();
  let asked = '';
  output.on('data', (chunk) => (asked += chunk));
  // The answer arrives once the question is out, as a person would type it.
  output.once('data', () => input.write(`${answer}\n`));
  return { io: { input, output }, asked: () => asked };
}

describe('confirm', () => {
  it('goes ahead when the operator types yes', async () => {
    const t = terminal('yes');
    await expect(confirm('emergency-stop the bot', t.io)).resolves.toBeUndefined();
    expect(t.asked()).toContain('About to emergency-stop the bot. Type "yes" to continue:');
  });

  it('does nothing on any other answer', async () => {
    await expect(confirm('emergency-stop the bot', terminal('y').io)).rejects.toMatchObject({
      message: 'not confirmed; nothing done',
      exitCode: ExitCode.failure,
    });
  });

  it('refuses without asking when stdin is not a terminal', async () => {
    const t = terminal('yes', false);
    await expect(confirm('emergency-stop the bot', t.io)).rejects.toMatchObject({
      message: expect.stringContaining('pass --yes'),
    });
    expect(t.asked()).toBe('');
  });
});
