import { describe, expect, it } from "vitest";
import { protectionOf } from "../../packages/classifier/index.ts";

describe("protectionOf", () => {
  it.each([
    ["***-**-4821", "masked"],
    ["XXX-XX-4821", "masked"],
    ["xxx-xx-4821", "masked"],
    ["*****4821", "masked"],
    ["#########", "masked"],
    ["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "hashed"],
    ["5d41402abc4b2a76b9719d911017c592", "hashed"],
    ["$2b$12$KIXQJ1mXQ9r5d5mQ0c1Ree1mN5oW0W5L8Zr9c9sP3V6bq3yQk7y6a", "hashed"],
    ["sha256:9f86d081884c7d659a2feaa0c55ad015", "hashed"],
    ["tok_8sKd02LmQp", "tokenized"],
    ["AQICAHhR2kq0Zm1v3QpX0yq8Jm5zYtN4w==", "encrypted"],
    ["vault:v1:Zm9vYmFyYmF6cXV4", "encrypted"],
    ["U2FsdGVkX19kR3mQ8pLz0aB7cD9eF1gH2iJ", "encrypted"],
  ])("%s is %s", (value, expected) => {
    expect(protectionOf(value)).toBe(expected);
  });

  it.each([
    ["plain 9 digits", "482193756"],
    ["dashed", "482-19-3756"],
    ["a name", "Jordan Smith"],
    ["a long lowercase word", "supercalifragilisticexpialidocious"],
    ["empty", ""],
    ["short", "***"],
    ["a license", "D1234567"],
  ])("%s is not protected", (_label, value) => {
    expect(protectionOf(value)).toBeNull();
  });
});
