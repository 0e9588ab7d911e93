/** The longest `pathstring` stored for a part category or a stock location (InvenTree's max_chars). */
const MAX_PATHSTRING = 250;

/**
 * A tree node's `pathstring`, as InvenTree's constructPathString builds it for both part categories
 * and stock locations: the names from the root joined by "/"; past `maxChars`, whole names are
 * dropped from the middle (alternately left and right of centre) and replaced by "...".
 */
export function constructPathString(names: readonly string[], maxChars = MAX_PATHSTRING): string {
  let path = names.join("/");
  if (path.length <= maxChars) return path;
  const mid = Math.floor(names.length / 2);
  let left = names.slice(0, mid);
  let right = names.slice(mid);
  for (let i = 0; path.length > maxChars && left.length + right.length > 0; i++) {
    if (i % 2 === 0 && left.length > 0) left = left.slice(0, -1);
    else right = right.slice(1);
    path = [...left, "...", ...right].join("/");
  }
  return path.slice(0, maxChars);
}
