import { describe, expect, it } from "vitest";
import { CsvError, parseCsv, parseLabelledCsv } from "../../src/ai/local/csv.js";

const fields = (text: string): string[][] => parseCsv(text).map((r) => r.fields);

describe("parseCsv (RFC 4180)", () => {
  it("splits plain fields and records", () => {
    expect(fields("a,b\nc,d\n")).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
  });

  it("keeps commas, doubled quotes and line breaks inside quoted fields", () => {
    const text = 'text,label\n"hello, world",greet\n"she said ""hi""",quote\n"two\nlines",multi\n';
    expect(fields(text)).toEqual([
      ["text", "label"],
      ["hello, world", "greet"],
      ['she said "hi"', "quote"],
      ["two\nlines", "multi"],
    ]);
  });

  it("accepts CRLF line endings, a BOM, a missing final newline and blank lines", () => {
    expect(fields('\ufefftext,label\r\n"a, b",x\r\n\r\nc,y')).toEqual([
      ["text", "label"],
      ["a, b", "x"],
      ["c", "y"],
    ]);
  });

  it("keeps empty fields, including a trailing one", () => {
    expect(fields('a,,""\nb,c,\n')).toEqual([
      ["a", "", ""],
      ["b", "c", ""],
    ]);
  });

  it("reports the physical line where each record starts", () => {
    const records = parseCsv('h1,h2\n"x\ny",1\nz,2\n');
    expect(records.map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it("rejects an unterminated quoted field, naming file and start line", () => {
    expect(() => parseCsv('text,label\nok,a\n"never closed,b\n', "train.csv")).toThrow(/^train\.csv:3: unterminated quoted field/);
  });

  it("rejects a quote in the middle of an unquoted field and text after a closing quote", () => {
    expect(() => parseCsv('a,b"c\n', "f.csv")).toThrow(CsvError);
    expect(() => parseCsv('a,b"c\n', "f.csv")).toThrow(/f\.csv:1: quote inside an unquoted field/);
    expect(() => parseCsv('x\n"ab"c,d\n', "f.csv")).toThrow(/f\.csv:2: unexpected character "c" after closing quote/);
  });
});

describe("parseLabelledCsv", () => {
  it("reads text,label rows in any column order, trimming whitespace", () => {
    const rows = parseLabelledCsv('label,text\nrefund," I want my money back "\n', "x.csv");
    expect(rows).toEqual([{ text: "I want my money back", label: "refund", line: 2 }]);
  });

  it("requires the text and label columns", () => {
    expect(() => parseLabelledCsv("sentence,intent\na,b\n", "bad.csv")).toThrow(/bad\.csv:1: header must contain columns "text" and "label"/);
    expect(() => parseLabelledCsv("", "empty.csv")).toThrow(/empty\.csv:1: empty file/);
  });

  it("names the line of a row with the wrong number of fields or an empty value", () => {
    expect(() => parseLabelledCsv("text,label\na,b\nc,d,e\n", "t.csv")).toThrow(/t\.csv:3: expected 2 fields, got 3/);
    expect(() => parseLabelledCsv("text,label\na,b\n,d\n", "t.csv")).toThrow(/t\.csv:3: empty text/);
    expect(() => parseLabelledCsv("text,label\na,\n", "t.csv")).toThrow(/t\.csv:2: empty label/);
  });

  it("counts lines inside multi-line quoted fields when reporting errors", () => {
    expect(() => parseLabelledCsv('text,label\n"line one\nline two",a\nx\n', "m.csv")).toThrow(/m\.csv:4: expected 2 fields, got 1/);
  });
});
