import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { testContent } from '../../../test/helpers/test-content';
import type { Input } from './events';
import { conversationMachine } from './machine';

const content = testContent();
const input = (i: Input) => ({
  type: 'input' as const,
  input: i,
  text: i.kind === 'text' ? i.text : null,
  detection: null,
  content,
  now: 0,
  newId: () => 'id',
  hotline: { open: true },
  keep: { conversationDays: 30, transcriptDays: 90 },
});

describe('the conversation machine', () => {
  it('asks a new contact to choose a language', () => {
    const [start] = initialTransition(conversationMachine);
    const [next, actions] = transition(
      conversationMachine,
      start,
      input({ kind: 'text', text: 'hi' }),
    );
    expect(next.value).toBe('choosingLanguage');
    expect(actions).toEqual([
      expect.objectContaining({
        type: 'effect',
        params: expect.objectContaining({ type: 'reply' }),
      }),
    ]);
  });

  it('enters the flow when a language is picked, and leaves it on "language"', () => {
    const [start] = initialTransition(conversationMachine);
    const [inFlow] = transition(
      conversationMachine,
      start,
      input({ kind: 'choice', id: 'lang.en' }),
    );
    expect(inFlow.value).toBe('inFlow');
    expect(inFlow.context.lng).toBe('en');
    const [again, actions] = transition(
      conversationMachine,
      inFlow,
      input({ kind: 'command', command: 'language' }),
    );
    expect(again.value).toBe('choosingLanguage');
    expect(again.context.lng).toBeNull();
    expect(actions.filter((a) => a.type === 'effect')).toHaveLength(1);
  });
});
