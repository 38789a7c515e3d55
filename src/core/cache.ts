/**
 * A value derived once per owner and key, for pure derivations read on every message (views of
 * the content, split SMS replies). The owner (a compiled content, a language's part mark) is
 * held weakly, so its cache goes with it. A cache whose keys come from what people say is
 * bounded by `limit`: it is emptied when full. Values are shared by every caller, so they must
 * not be changed: freeze them.
 */
export function derivedPer<Owner extends object, Value>(limit = Number.POSITIVE_INFINITY) {
  const byOwner = new WeakMap<Owner, Map<string, Value>>();
  return (owner: Owner, key: string, derive: () => Value): Value => {
    let known = byOwner.get(owner);
    if (!known) {
      known = new Map();
      byOwner.set(owner, known);
    }
    let value = known.get(key);
    if (value === undefined) {
      value = derive();
      if (known.size >= limit) known.clear();
      known.set(key, value);
    }
    return value;
  };
}
