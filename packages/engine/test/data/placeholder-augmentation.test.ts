import { describe, expect, it } from "vitest";
import { augmentWithPlaceholders } from "../../src/data/placeholder-augmentation.js";
import { MAX_PLACEHOLDERS, placeholder } from "../../src/text/placeholders.js";

const count = (text: string, char: string) => text.split(char).length - 1;

describe("placeholder augmentation", () => {
  it("masks spans written the same on both sides with the same placeholder", () => {
    const [pair] = augmentWithPlaceholders([{ source: "I have 3 cats and 12 dogs.", target: "J'ai 3 chats et 12 chiens." }], { seed: 1, syntheticRate: 0 });
    const ids = [...pair!.source].filter((c) => c >= "\uE000" && c <= "\uE017");
    expect(ids).toHaveLength(2);
    expect(pair!.source).toBe(`I have ${ids[0]} cats and ${ids[1]} dogs.`);
    expect(pair!.target).toBe(`J'ai ${ids[0]} chats et ${ids[1]} chiens.`);
  });

  it("leaves spans that differ across sides unmasked", () => {
    const pairs = [{ source: "I have 3 cats.", target: "J'ai trois chats." }];
    expect(augmentWithPlaceholders(pairs, { seed: 1, syntheticRate: 0, quantityRate: 0 })).toEqual(pairs);
  });

  it("masks a number written on both sides, as a word or in digits, as one placeholder in about half of the pairs", () => {
    const pairs = Array.from({ length: 400 }, (_, i) =>
      i % 2 === 0 ? { source: "I have three cats and 2 dogs.", target: "J'ai trois chats et deux chiens." } : { source: "Tom has 4 brothers.", target: "Tom hat vier Brüder." });
    const augmented = augmentWithPlaceholders(pairs, { seed: 3, syntheticRate: 0 });
    const changed = augmented.filter((pair, i) => pair.source !== pairs[i]!.source);
    expect(changed.length).toBeGreaterThan(150);
    expect(changed.length).toBeLessThan(250);
    const p = "[\uE000-\uE017]";
    for (const pair of changed) {
      expect(pair.source).toMatch(new RegExp(`^(I have ${p} cats and 2 dogs\\.|I have three cats and ${p} dogs\\.|Tom has ${p} brothers\\.)$`, "u"));
      const id = [...pair.source].find((c) => c >= "\uE000" && c <= "\uE017")!;
      expect(pair.target.split(id)).toHaveLength(2);
      expect(pair.target).not.toMatch(pair.source.includes("three") ? /deux/ : /trois|vier/);
    }
    // Numbers inside larger ones, and counts that differ, are left alone.
    const alone = [{ source: "It costs 12,500 dollars for 3 days.", target: "Ça coûte 12 500 dollars pour quatre jours." }];
    expect(augmentWithPlaceholders(alone, { seed: 1, syntheticRate: 0, quantityRate: 1 })).toEqual(alone);
  });

  it("adds synthetic placeholders in matching places on both sides, deterministically, using every placeholder", () => {
    const pairs = Array.from({ length: 4000 }, (_, i) => ({ source: `Tom saw the house number ${i % 7 === 0 ? "seven" : "x"}.`, target: `Tom a vu la maison ${i % 7 === 0 ? "sept" : "x"}.` }));
    const augmented = augmentWithPlaceholders(pairs, { seed: 7, syntheticRate: 0.5 });
    expect(augmented).toEqual(augmentWithPlaceholders(pairs, { seed: 7, syntheticRate: 0.5 }));
    const changed = augmented.filter((pair, i) => pair.source !== pairs[i]!.source);
    expect(changed.length).toBeGreaterThan(1600);
    expect(changed.length).toBeLessThan(2400);
    for (const pair of changed) {
      for (let i = 0; i < MAX_PLACEHOLDERS; i++) expect(count(pair.target, placeholder(i))).toBe(count(pair.source, placeholder(i)));
    }
    for (let i = 0; i < MAX_PLACEHOLDERS; i++) expect(changed.some((pair) => pair.source.includes(placeholder(i)))).toBe(true);
    // A name written the same on both sides is replaced or wrapped at its place.
    expect(changed.some((pair) => /^[\uE000-\uE017]Tom[\uE000-\uE017] a vu/.test(pair.target))).toBe(true);
  });
});
