{ Test.dpr - builds THE reference delivery (bindings/reference/README.md) through the Delphi
  wrapper, one call per record, and checks that the file is byte-identical to
  bindings/reference/reference.xml (buffer, file and stream); checks the report (item 17
  dropped with a warning), the report walk and exports, refused records, the calendar
  functions and a non-ASCII round trip.

  usage: Test GOLDEN_XML SCRATCH_DIR
  FPC: compile with -Mdelphi -FcUTF8 (the source is UTF-8; the test checks it was read so). }
program Test;

{$IFDEF FPC}{$MODE DELPHI}{$H+}{$ENDIF}
{$IFDEF MSWINDOWS}{$APPTYPE CONSOLE}{$ENDIF}

uses
  SysUtils, Classes, Spiegelinformatie;

const
  CQI = 'CQi-GGZ-VZ-AKWA';
  GROEP_ZUID = 'Locatie Zuid & "Noord" — Grüße 日本';
  GROEP_ZUID_HEX = '4C 6F 63 61 74 69 65 20 5A 75 69 64 20 26 20 22 4E 6F 6F 72 64 22 20 ' +
    'E2 80 94 20 47 72 C3 BC C3 9F 65 20 E6 97 A5 E6 9C AC';

var
  Failures: Integer = 0;

procedure Expect(Condition: Boolean; const What: string);
begin
  if not Condition then
  begin
    WriteLn(ErrOutput, 'FAILED: ', What);
    Inc(Failures);
  end;
end;

function SameBytes(const A, B: TBytes): Boolean;
begin
  Result := (Length(A) = Length(B)) and ((Length(A) = 0) or CompareMem(@A[0], @B[0], Length(A)));
end;

function ReadBytes(const Path: string): TBytes;
var
  F: TFileStream;
begin
  Result := nil;
  F := TFileStream.Create(Path, fmOpenRead or fmShareDenyWrite);
  try
    SetLength(Result, F.Size);
    if F.Size > 0 then
      F.ReadBuffer(Result[0], F.Size);
  finally
    F.Free;
  end;
end;

{ A file's UTF-8 text as a string (Delphi: converted to UTF-16; FPC: UTF-8 as it is). }
function ReadText(const Path: string): string;
var
  B: TBytes;
  U: UTF8String;
begin
  B := ReadBytes(Path);
  SetLength(U, Length(B));
  if Length(B) > 0 then
    Move(B[0], U[1], Length(B));
  Result := string(U);
end;

procedure ExpectSame(const How: string; const Got, Golden: TBytes);
begin
  Expect(SameBytes(Got, Golden), How + ': XML differs from the golden file (' +
    IntToStr(Length(Got)) + ' vs ' + IntToStr(Length(Golden)) + ' bytes)');
end;

function BuildReference: TSpiegelDelivery;
var
  D: TSpiegelDelivery;
  A, B, T, M: UInt32;
begin
  D := TSpiegelDelivery.Create;
  D.SetQuarter('2024-Q1');
  D.SetDatumCreatie('2024-04-03T10:15:00');

  A := D.AddZorgaanbieder('12345678');

  { REF-CLOSED: closed in the quarter, every child kind, item 17 to be dropped. }
  T := D.AddZorgtraject(A, 'REF-CLOSED', '2023-06-01', '2024-02-15', GROEP_ZUID);
  D.AddPrimair(T, 'D5_5.03', '2023-06-20');
  D.AddPrimair(T, 'D5_4.02.02.02', '2024-01-10');
  D.AddNeven(T, 'D5_6.01');
  D.AddZorgvraagtypering(T, '3', '3', '2023-06-20');
  D.AddZorgvraagtypering(T, '11', '', '2024-01-10');
  D.AddPrestatie(T, 'CO0001', '2023-06-01');
  D.AddPrestatie(T, 'CO0002', '2024-02-01');
  M := D.AddMeting(T, CQI, '2024-02-10');
  D.AddItem(M, '1', '4');
  D.AddItem(M, '2', '3');
  D.AddItem(M, '17', '2');

  { REF-OPEN: open. }
  T := D.AddZorgtraject(A, 'REF-OPEN', '2023-11-02', '', 'Locatie A');
  D.AddPrimair(T, 'D5_7.01', '2023-11-20');
  D.AddZorgvraagtypering(T, '', '5', '2023-11-20');
  D.AddPrestatie(T, 'CO0001', '2024-03-05');

  { REF-ENDS-AFTER: delivered as open, its prestatie after the quarter kept. }
  T := D.AddZorgtraject(A, 'REF-ENDS-AFTER', '2024-03-31', '2024-05-10', '');
  D.AddPrestatie(T, 'CO0001', '2024-04-15');

  { REF-EXCLUDED: ended before the quarter. }
  T := D.AddZorgtraject(A, 'REF-EXCLUDED', '2023-01-01', '2023-12-31', 'Locatie A');
  D.AddPrestatie(T, 'CO0001', '2023-02-01');

  { Loose metingen: one in, one after the quarter. }
  M := D.AddLooseMeting(A, CQI, '2024-03-01');
  D.AddItem(M, '1', '3');
  D.AddItem(M, '16', '5');
  M := D.AddLooseMeting(A, CQI, '2024-04-02');
  D.AddItem(M, '1', '2');

  B := D.AddZorgaanbieder('87654321');
  T := D.AddZorgtraject(B, 'REF-B-1', '2024-01-01', '2024-01-01', '');
  D.AddPrimair(T, 'D5_2.01', '2024-01-01');
  M := D.AddLooseMeting(B, CQI, '2024-01-15');
  D.AddItem(M, '5', '1');
  Result := D;
end;

procedure CheckReport(R: TSpiegelReport);
var
  Diagnostic: TSpiegelDiagnostic;
  Found, Walked: Integer;
begin
  Expect(R.Errors = 0, 'no errors in the reference report');
  { Partial code lists may add warnings; the one that matters is item 17. }
  Expect(R.Warnings >= 1, 'at least one warning');
  Found := 0;
  Walked := 0;
  for Diagnostic in R do
  begin
    Inc(Walked);
    Expect((Diagnostic.Rule <> '') and (Diagnostic.Message <> ''), 'every diagnostic has a rule and a message');
    if Diagnostic.Rule <> 'item-not-allowed' then
      Continue;
    Inc(Found);
    Expect(Diagnostic.Severity = SPIEGEL_SEVERITY_WARNING, 'item 17 is a warning');
    Expect(Diagnostic.Value = '17', 'item 17: value 17, got ''' + Diagnostic.Value + '''');
    Expect(Diagnostic.VendorKey = 'REF-CLOSED', 'item 17: vendor key REF-CLOSED');
    Expect(Pos('REF-CLOSED', Diagnostic.Path) > 0, 'item 17: path names REF-CLOSED');
  end;
  Expect(Found = 1, 'exactly one item-not-allowed diagnostic, got ' + IntToStr(Found));
  Expect(Walked = R.Count, 'the walk visits every diagnostic');

  Expect((Pos('severity,', R.Csv) = 1) and (Pos('item-not-allowed', R.Csv) > 0), 'CSV export lists item-not-allowed');
  Expect(Pos('item-not-allowed', R.Json) > 0, 'JSON export lists item-not-allowed');
  Expect(R.Summary(True) <> '', 'summary');
  try
    Diagnostic := R[R.Count];
    Expect(False, 'index past the end gives ' + Diagnostic.Rule);
  except
    on E: ESpiegelError do
      Expect(E.Code = SPIEGEL_NOT_FOUND, 'index past the end: NOT_FOUND');
  end;
end;

procedure ExpectInvalid(E: Exception; const Attribute, Value, What: string);
begin
  if E = nil then
  begin
    Expect(False, What + ': no exception');
    Exit;
  end;
  Expect(E is ESpiegelError, What + ': ESpiegelError, got ' + E.ClassName);
  if not (E is ESpiegelError) then
    Exit;
  Expect(ESpiegelError(E).Code = SPIEGEL_INVALID_VALUE,
    What + ': code ' + IntToStr(ESpiegelError(E).Code) + ', expected INVALID_VALUE');
  Expect((Pos(Attribute, E.Message) > 0) and (Pos(Value, E.Message) > 0),
    What + ': message ''' + E.Message + ''' names ' + Attribute + ' and ' + Value);
end;

procedure WrongRecords(const Dir: string);
var
  D: TSpiegelDelivery;
  R: TSpiegelReport;
  Za: UInt32;
  Path, Csv: string;
  Errors, I: Integer;
begin
  D := TSpiegelDelivery.Create;
  try
    try
      D.AddZorgaanbieder('1234');
      ExpectInvalid(nil, '', '', 'AGB code 1234');
    except
      on E: Exception do ExpectInvalid(E, 'zorgaanbieder_code', '''1234''', 'AGB code 1234');
    end;
    Za := D.AddZorgaanbieder('12345678');
    try
      D.AddZorgtraject(Za, 'EPD-BAD', '2024-02-01', '2024-01-31', '');
      ExpectInvalid(nil, '', '', 'einddatum before begindatum');
    except
      on E: Exception do ExpectInvalid(E, 'einddatum', '2024-01-31', 'einddatum before begindatum');
    end;
    { Non-ASCII round trip out of the library: a vendor key comes back in the report. }
    try
      D.AddZorgtraject(Za, GROEP_ZUID, '2023-02-29', '', '');
      ExpectInvalid(nil, '', '', 'no such day');
    except
      on E: Exception do ExpectInvalid(E, 'begindatum', '2023-02-29', 'no such day');
    end;

    D.SetQuarter(2024, 1);
    Path := IncludeTrailingPathDelimiter(Dir) + 'blocked-delphi.xml';
    try
      D.WriteFile(Path).Free;
      Expect(False, 'a delivery with refused records is written');
    except
      on E: ESpiegelError do
      begin
        Expect(E.Code = SPIEGEL_DELIVERY_HAS_ERRORS, 'blocked: DELIVERY_HAS_ERRORS, got ' + IntToStr(E.Code));
        Errors := 0;
        for I := 0 to High(E.Diagnostics) do
          if E.Diagnostics[I].Severity = SPIEGEL_SEVERITY_ERROR then
            Inc(Errors);
        Expect(Errors = 3, 'blocked: 3 errors');
        if Length(E.Diagnostics) >= 3 then
        begin
          Expect((E.Diagnostics[0].Attribute = 'zorgaanbieder_code') and (E.Diagnostics[0].Value = '1234'),
            'blocked: first is the AGB code');
          Expect((E.Diagnostics[1].Rule = 'einddatum-before-begindatum') and
            (E.Diagnostics[1].VendorKey = 'EPD-BAD'), 'blocked: second is the order of dates');
          Expect(E.Diagnostics[2].VendorKey = GROEP_ZUID,
            'non-ASCII vendor key round trip, got ''' + E.Diagnostics[2].VendorKey + '''');
        end;
      end;
    end;
    Expect(not FileExists(Path), 'nothing written for a blocked delivery');

    R := D.Validate;
    try
      Expect(R.Errors = 3, 'validate lists the 3 errors');
      R.WriteCsv(IncludeTrailingPathDelimiter(Dir) + 'blocked-delphi.csv');
      Csv := ReadText(IncludeTrailingPathDelimiter(Dir) + 'blocked-delphi.csv');
      Expect((Pos('einddatum-before-begindatum', Csv) > 0) and (Pos('— Grüße 日本', Csv) > 0),
        'CSV file has the rule and the non-ASCII key');
      R.WriteJson(IncludeTrailingPathDelimiter(Dir) + 'blocked-delphi.json');
      Expect(Pos('zorgaanbieder_code', ReadText(IncludeTrailingPathDelimiter(Dir) + 'blocked-delphi.json')) > 0,
        'JSON file');
    finally
      R.Free;
    end;
  finally
    D.Free;
  end;

  D := TSpiegelDelivery.Create;
  try
    try
      D.SetQuarter('2024-Q5');
      Expect(False, 'quarter 5 accepted');
    except
      on E: ESpiegelError do
        Expect((E.Code = SPIEGEL_INVALID_QUARTER) and (E.Message <> ''), '2024-Q5: INVALID_QUARTER with a message');
    end;
    try
      D.WriteBuffer;
      Expect(False, 'writing without a quarter');
    except
      on E: ESpiegelError do
        Expect(E.Code = SPIEGEL_WRONG_STATE, 'no quarter: WRONG_STATE');
    end;
  finally
    D.Free;
  end;
end;

procedure Library_;
var
  Year: Int32;
  Quarter, First, Last: UInt32;
begin
  Expect(SpiegelAbiVersion = SPIEGEL_HEADER_ABI_VERSION, 'ABI version');
  Expect(Pos('.', SpiegelVersion) > 0, 'version ''' + SpiegelVersion + '''');
  Expect(SpiegelResultText(SPIEGEL_INVALID_VALUE) <> '', 'result text');
  SpiegelDueQuarter(2025, 1, 15, Year, Quarter);
  Expect((Year = 2024) and (Quarter = 4), 'due on 2025-01-15: 2024-Q4');
  SpiegelQuarterPeriod(2024, 1, First, Last);
  Expect((First = 20240101) and (Last = 20240331), 'period of 2024-Q1');
  try
    SpiegelQuarterPeriod(2024, 5, First, Last);
    Expect(False, 'quarter 5 has a period');
  except
    on E: ESpiegelError do
      Expect((E.Code = SPIEGEL_INVALID_QUARTER) and (E.Message <> ''),
        'quarter 5: INVALID_QUARTER, message from spiegel_last_error');
  end;
end;

var
  Golden, Buffer: TBytes;
  U: UTF8String;
  Hex, Path, Xml: string;
  I: Integer;
  D: TSpiegelDelivery;
  R: TSpiegelReport;
  Stream: TMemoryStream;
begin
  if ParamCount <> 2 then
  begin
    WriteLn(ErrOutput, 'usage: Test GOLDEN_XML SCRATCH_DIR');
    Halt(2);
  end;
  Golden := ReadBytes(ParamStr(1));
  U := UTF8String(GROEP_ZUID);
  Hex := '';
  for I := 1 to Length(U) do
  begin
    if I > 1 then Hex := Hex + ' ';
    Hex := Hex + IntToHex(Ord(U[I]), 2);
  end;
  Expect(Hex = GROEP_ZUID_HEX, 'the source was compiled as UTF-8 (groep_code bytes ' + Hex + ')');

  Library_;

  D := BuildReference;
  try
    { 1. To a buffer. }
    Buffer := D.WriteBuffer(R);
    ExpectSame('buffer', Buffer, Golden);
    try
      CheckReport(R);
    finally
      R.Free;
    end;

    { 2. To a file. }
    Path := IncludeTrailingPathDelimiter(ParamStr(2)) + 'reference-from-delphi.xml';
    D.WriteFile(Path).Free;
    ExpectSame('file', ReadBytes(Path), Golden);

    { 3. To a stream (the write callback). }
    Stream := TMemoryStream.Create;
    try
      D.WriteToStream(Stream).Free;
      SetLength(Buffer, Stream.Size);
      if Stream.Size > 0 then
        Move(Stream.Memory^, Buffer[0], Stream.Size);
      ExpectSame('stream', Buffer, Golden);
    finally
      Stream.Free;
    end;

    { Validation alone gives the same report. }
    R := D.Validate;
    try
      CheckReport(R);
    finally
      R.Free;
    end;

    { The non-ASCII groep_code round trip: out of the file, back to the same string. }
    Xml := ReadText(Path);
    Expect(Pos('Locatie Zuid &amp; &quot;Noord&quot; — Grüße 日本', Xml) > 0, 'groep_code in the XML');
  finally
    D.Free;
  end;

  WrongRecords(ParamStr(2));

  if Failures <> 0 then
  begin
    WriteLn(ErrOutput, Failures, ' check(s) failed');
    Halt(1);
  end;
  WriteLn('delphi test: all checks passed');
end.
