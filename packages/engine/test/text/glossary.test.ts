import { describe, expect, it } from "vitest";
import { GlossaryMatcher, containsTerm, glossaryMatcher } from "../../src/text/glossary.js";
import { maskProtectedSpans, placeholder, restoreProtectedSpans } from "../../src/text/placeholders.js";

const found = (matcher: GlossaryMatcher, text: string) => matcher.find(text).map((m) => [text.slice(m.start, m.end), m.target]);

describe("glossary matcher", () => {
  const matcher = new GlossaryMatcher([
    { source: "cat", target: "félin" },
    { source: "machine learning", target: "apprentissage automatique" },
    { source: "machine", target: "appareil" },
    { source: "C++", target: "C++" },
    { source: "数据", target: "data" },
  ]);

  it("matches whole words case-insensitively, longest term first, across any whitespace", () => {
    expect(found(matcher, "The Cat likes machine  learning, a machine and C++.")).toEqual([
      ["Cat", "félin"], ["machine  learning", "apprentissage automatique"], ["machine", "appareil"], ["C++", "C++"],
    ]);
  });

  it("never matches inside a word, but does inside unspaced scripts", () => {
    expect(found(matcher, "cats concatenate catalogues")).toEqual([]);
    expect(found(matcher, "大数据很大")).toEqual([["数据", "data"]]);
  });

  it("keeps the first of duplicate source terms and ignores empty ones", () => {
    const duplicate = new GlossaryMatcher([{ source: "Cat", target: "chat" }, { source: "cat ", target: "félin" }, { source: " ", target: "x" }]);
    expect(found(duplicate, "a cat")).toEqual([["cat", "chat"]]);
  });

  it("treats regular-expression characters in terms literally", () => {
    const literal = new GlossaryMatcher([{ source: "a.b (c)", target: "X" }, { source: "[x]|y", target: "Y" }]);
    expect(found(literal, "a.b (c) axb (c) [x]|y x")).toEqual([["a.b (c)", "X"], ["[x]|y", "Y"]]);
  });

  it("finds a target term as a whole word, its first letter in either case", () => {
    expect(containsTerm("Automobile rouge.", "automobile")).toBe(true);
    expect(containsTerm("Une automobile-club.", "automobile")).toBe(true);
    expect(containsTerm("Des automobiles.", "automobile")).toBe(false);
    expect(containsTerm("Chez parley gmbh.", "Parley GmbH")).toBe(false);
    expect(containsTerm("Chez Parley  GmbH.", "Parley GmbH")).toBe(true);
    expect(containsTerm("(-x) y", "-x")).toBe(true);
  });

  it("caches matchers by glossary id", () => {
    const glossary = { id: "g1", entries: [{ source: "cat", target: "félin" }] };
    expect(glossaryMatcher(glossary)).toBe(glossaryMatcher({ ...glossary }));
  });
});

describe("glossary terms as placeholders", () => {
  const glossary = new GlossaryMatcher([{ source: "cat", target: "félin" }, { source: "3 cats", target: "trois félins" }]);

  it("masks terms before protected spans, and a term wins where they overlap", () => {
    const masked = maskProtectedSpans("My cat has 3 cats and 12 dogs.", { glossary });
    expect(masked.text).toBe(`My ${placeholder(0)} has ${placeholder(1)} and ${placeholder(2)} dogs.`);
    expect(masked.spans).toEqual(["félin", "trois félins", "12"]);
  });

  it("restores each term as its target term, capitalized when it opened both sentences", () => {
    const masked = maskProtectedSpans("Cat food for my cat.", { glossary });
    expect(masked.terms).toEqual({ all: new Set([0, 1]), capitalized: new Set([0]) });
    expect(restoreProtectedSpans(`${placeholder(0)} pour mon ${placeholder(1)}.`, masked.spans, masked.terms)).toBe("Félin pour mon félin.");
    expect(restoreProtectedSpans(`Nourriture pour ${placeholder(0)}, ${placeholder(1)}.`, masked.spans, masked.terms)).toBe("Nourriture pour félin, félin.");
  });

  it("keeps a term apart from a word the model glued to it, but not from an elision or CJK", () => {
    const masked = maskProtectedSpans("Cat food, I hope.", { glossary: new GlossaryMatcher([{ source: "cat", target: "félin" }, { source: "hope", target: "espère" }]) });
    expect(restoreProtectedSpans(`${placeholder(0)}La nourriture, j'${placeholder(1)}.`, masked.spans, masked.terms)).toBe("Félin La nourriture, j'espère.");
    const tagged = maskProtectedSpans("<b>Hello</b>");
    expect(restoreProtectedSpans(`${placeholder(0)}Bonjour${placeholder(1)}`, tagged.spans, tagged.terms)).toBe("<b>Bonjour</b>");
  });

  it("puts a term the model dropped at the end, so no term is lost", () => {
    const masked = maskProtectedSpans("The cat sleeps.", { glossary });
    expect(restoreProtectedSpans("Il dort.", masked.spans, masked.terms)).toBe("Il dort. félin");
  });
});
