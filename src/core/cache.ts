/** The value for `key`, derived by `derive` the first time it is asked for. */
export type Derived<Value> = (key: string, derive: () => Value) => Value;

/**
 * A value derived once per key, for pure derivations read on every message (rendered texts,
 * split replies). A cache whose keys can vary without end is bounded by `limit`: it is emptied
 * when full. Values are shared by every caller, so they must not be changed: freeze objects.
 */
export function derived<Value>(limit = Number.POSITIVE_INFINITY): Derived<Value> {
  const known = new Map<string, Value>();
  return (key: string, derive: () => Value): Value => {
    let value = known.get(key);
    if (value === undefined) {
      value = derive();
      if (known.size >= limit) known.clear();
      known.set(key, value);
    }
    return value;
  };
}

/**
 * `derived` per owner (a compiled content, a language's part mark), for views of one owner. The
 * owner is held weakly, so its cache goes with it.
 */
export function derivedPer<Owner extends object, Value>(limit = Number.POSITIVE_INFINITY) {
  const byOwner = new WeakMap<Owner, Derived<Value>>();
  return (owner: Owner, key: string, derive: () => Value): Value => {
    let cache = byOwner.get(owner);
    if (!cache) {
      cache = derived<Value>(limit);
      byOwner.set(owner, cache);
    }
    return cache(key, derive);
  };
}
