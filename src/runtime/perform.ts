import type { ShellEffect } from '../core/effects';
import type { RuntimeDeps } from './deps';

/**
 * Perform what a step asked besides replies (those travel through the outbox), after the record
 * is saved. Only codes and pseudonymous keys are logged: never what anyone wrote.
 */
export function performEffects(
  deps: RuntimeDeps,
  key: string,
  effects: readonly ShellEffect[],
): void {
  for (const effect of effects) {
    switch (effect.type) {
      case 'problem':
        deps.log.warn('content.problem', {
          key,
          code: effect.problem.code,
          detail: effect.problem.detail,
        });
        break;
      case 'handoff.opened':
      case 'handoff.updated':
        deps.log.warn(effect.type, { key, kind: effect.category, code: effect.severity });
        deps.onHandoff?.({
          key,
          id: effect.id,
          category: effect.category,
          severity: effect.severity,
        });
        break;
      case 'handoff.closed':
        deps.log.info(effect.type, { key, code: effect.outcome });
        break;
      case 'erase':
        // Performed with the save itself (erase.ts), which also logs it, without the key.
        break;
    }
  }
}
