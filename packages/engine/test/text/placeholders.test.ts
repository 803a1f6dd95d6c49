import { describe, expect, it } from "vitest";
import { findProtectedSpans, type ProtectedSpanKind } from "../../src/text/protected-spans.js";
import { maskProtectedSpans, placeholder, restoreProtectedSpans } from "../../src/text/placeholders.js";
import { preTokenize } from "../../src/text/pre-tokenizer.js";

const spansOf = (text: string): [ProtectedSpanKind, string][] =>
  findProtectedSpans(text).map((span) => [span.kind, text.slice(span.start, span.end)]);

describe("protected spans", () => {
  it.each<[string, [ProtectedSpanKind, string][]]>([
    ["I have 3 cats and 12,500 dollars.", [["number", "3"], ["number", "12,500"]]],
    ["Call 555-0199 on 2026-11-30 at 10:30, or see 3/4 of a 10-year plan.", [["number", "555-0199"], ["number", "2026-11-30"], ["number", "10:30"], ["number", "3/4"], ["number", "10"]]],
    ["Go to https://example.com/a?b=1&c=2. Then rest.", [["url", "https://example.com/a?b=1&c=2"]]],
    ["Write to jane.doe+news@example.co.uk today.", [["email", "jane.doe+news@example.co.uk"]]],
    ["Hi {name}, {{count}} new, %s and %1$d for :user.", [["placeholder", "{name}"], ["placeholder", "{{count}}"], ["placeholder", "%s"], ["placeholder", "%1$d"], ["placeholder", ":user"]]],
    ["Family 👨‍👩‍👧‍👦, flag 🇫🇷, thumbs 👍🏽.", [["emoji", "👨‍👩‍👧‍👦"], ["emoji", "🇫🇷"], ["emoji", "👍🏽"]]],
    [`Party ${"😀".repeat(50)} time 🎉 🎉!`, [["emoji", "😀".repeat(50)], ["emoji", "🎉"], ["emoji", "🎉"]]],
    ['<b>Hello</b> <a href="/x?y=1">world</a>!', [["tag", "<b>"], ["tag", "</b>"], ["tag", '<a href="/x?y=1">'], ["tag", "</a>"]]],
    ["My friend محمد علي lives here.", [["script", "محمد علي"]]],
  ])("%s", (text, expected) => {
    expect(spansOf(text)).toEqual(expected);
  });

  it("protects the scripts a model does not read, whatever the majority", () => {
    const text = "Ask Влади́мир now.";
    expect(findProtectedSpans(text, { knownScripts: new Set(["Latin"]) }).map((s) => text.slice(s.start, s.end))).toEqual(["Влади́мир"]);
    expect(findProtectedSpans(text, { knownScripts: new Set(["Latin", "Cyrillic"]) })).toEqual([]);
  });

  it("leaves plain sentences, times of day in words and ordinary German compounds alone", () => {
    expect(spansOf("The cat is sleeping on the sofa.")).toEqual([]);
    expect(spansOf("Die Donaudampfschifffahrtsgesellschaft ist alt.")).toEqual([]);
    expect(spansOf("Note:this is fine")).toEqual([]);
  });

  it("protects a run-on word of 40 or more characters as a whole", () => {
    expect(spansOf(`a ${"x".repeat(450)} b`)).toEqual([["long-word", "x".repeat(450)]]);
  });
});

describe("placeholder masking", () => {
  it("masks in order and restores the exact input", () => {
    const text = "Send {count} files to https://x.io/ 👍 <b>now</b>.";
    const masked = maskProtectedSpans(text);
    expect(masked.text).toBe(`Send ${placeholder(0)} files to ${placeholder(1)} ${placeholder(2)} ${placeholder(3)}now${placeholder(4)}.`);
    expect(restoreProtectedSpans(masked.text, masked.spans)).toBe(text);
  });

  it("restores each span once, drops unknown placeholders and appends spans the model left out", () => {
    const spans = ["3", "https://x.io"];
    expect(restoreProtectedSpans(`J'ai ${placeholder(0)} chats ${placeholder(0)} ${placeholder(7)}.`, spans)).toBe("J'ai 3 chats .  https://x.io".replace("  ", " "));
    expect(restoreProtectedSpans("Bonjour.", spans)).toBe("Bonjour. 3 https://x.io");
  });

  it("keeps each placeholder a chunk of its own for the tokenizer", () => {
    expect(preTokenize(`Hi ${placeholder(0)}!${placeholder(1)}x`)).toEqual(["Hi", ` ${placeholder(0)}`, "!", placeholder(1), "x"]);
  });
});
