// A made-up parallel corpus for tests: English-like sentences and a French-like
// rendering with its own word order (adjectives after nouns), generated from a
// seed so every run sees the same data. No corpus sentences are copied.

const NOUNS: Record<string, string> = {
  cat: "chat", dog: "chien", bird: "oiseau", horse: "cheval", fish: "poisson", house: "maison",
  tree: "arbre", car: "voiture", book: "livre", table: "table", boy: "garcon", girl: "fille",
};
const ADJECTIVES: Record<string, string> = {
  red: "rouge", big: "grand", small: "petit", green: "vert", old: "vieux", black: "noir",
};
const VERBS: Record<string, string> = {
  sees: "voit", likes: "aime", follows: "suit", finds: "trouve", watches: "regarde",
};

export interface SyntheticPair {
  source: string;
  target: string;
}

/** `count` distinct pairs, the same for the same seed. */
export function syntheticPairs(count: number, seed = 1): SyntheticPair[] {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const pick = (table: Record<string, string>) => {
    const keys = Object.keys(table);
    const key = keys[Math.floor(next() * keys.length)]!;
    return [key, table[key]!] as const;
  };
  const seen = new Set<string>();
  const pairs: SyntheticPair[] = [];
  while (pairs.length < count) {
    const [subject, sujet] = pick(NOUNS);
    const [adjective, adjectif] = pick(ADJECTIVES);
    const [verb, verbe] = pick(VERBS);
    const [object, objet] = pick(NOUNS);
    const withAdjective = next() < 0.5;
    const source = withAdjective ? `the ${adjective} ${subject} ${verb} the ${object}` : `the ${subject} ${verb} the ${object}`;
    const target = withAdjective ? `le ${sujet} ${adjectif} ${verbe} le ${objet}` : `le ${sujet} ${verbe} le ${objet}`;
    if (seen.has(source)) continue;
    seen.add(source);
    pairs.push({ source, target });
  }
  return pairs;
}

export function toTsv(pairs: readonly SyntheticPair[]): string {
  return pairs.map((pair) => `${pair.source}\t${pair.target}\n`).join("");
}
