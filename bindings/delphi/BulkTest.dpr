{ BulkTest.dpr - the reference delivery (bindings/reference/README.md) through the typed layer
  (SpiegelBulk.pas): TDate dates (0 = absent), TDateTime datum_creatie, the builders, typed
  ids. Both files must equal the golden file byte for byte. Then the collect mode, the
  selection counts and the wrapper's own messages.

  usage: BulkTest GOLDEN_XML SCRATCH_DIR
  FPC: compile with -Mdelphi -FcUTF8. }
program BulkTest;

{$IFDEF FPC}{$MODE DELPHI}{$H+}{$ENDIF}
{$IFDEF MSWINDOWS}{$APPTYPE CONSOLE}{$ENDIF}

uses
  SysUtils, Classes, Spiegelinformatie, SpiegelBulk;

const
  CQI = 'CQi-GGZ-VZ-AKWA';
  GROEP_ZUID = 'Locatie Zuid & "Noord" — Grüße 日本';

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

function SameFile(const A, B: string): Boolean;
var
  X, Y: TBytes;
begin
  X := ReadBytes(A);
  Y := ReadBytes(B);
  Result := (Length(X) = Length(Y)) and ((Length(X) = 0) or CompareMem(@X[0], @Y[0], Length(X)));
end;

function D(Y, M, Day: Word): TDate;
begin
  Result := EncodeDate(Y, M, Day);
end;

function Created: TDateTime;
begin
  Result := EncodeDate(2024, 4, 3) + EncodeTime(10, 15, 0, 0);
end;

procedure Streamed(const Path: string);
var
  S: TSpiegelBulkStream;
  T: TSpiegelStreamTraject;
  R: TSpiegelReport;
  Dg: TSpiegelDiagnostic;
  Item17: Integer;
  Sel: TSpiegelSelection;
begin
  S := TSpiegelBulkStream.CreateToFile(Path, '2024-Q1', Created);
  try
    S.StartZorgaanbieder('12345678');
    T := S.Zorgtraject(D(2023, 6, 1)).Einddatum(D(2024, 2, 15)).VendorKey('REF-CLOSED').GroepCode(GROEP_ZUID);
    Expect(T.BeginZorgtraject, 'REF-CLOSED is in the quarter');
    T.Primair('D5_5.03', D(2023, 6, 20)).Primair('D5_4.02.02.02', D(2024, 1, 10))
     .Neven('D5_6.01')
     .Zorgvraagtypering('3', '3', D(2023, 6, 20)).Zorgvraagtypering('11', '', D(2024, 1, 10))
     .Prestatie('CO0001', D(2023, 6, 1)).Prestatie('CO0002', D(2024, 2, 1))
     .Meting(CQI, D(2024, 2, 10)).Item('1', '4').Item('2', '3').Item('17', '2');
    T.EndZorgtraject;

    T := S.Zorgtraject(D(2023, 11, 2)).VendorKey('REF-OPEN').GroepCode('Locatie A');
    if T.BeginZorgtraject then
      T.Primair('D5_7.01', D(2023, 11, 20)).Zorgvraagtypering('', '5', D(2023, 11, 20)).Prestatie('CO0001', D(2024, 3, 5));
    T.EndZorgtraject;

    T := S.Zorgtraject(D(2024, 3, 31)).Einddatum(D(2024, 5, 10)).VendorKey('REF-ENDS-AFTER');
    T.Prestatie('CO0001', D(2024, 4, 15));
    T.EndZorgtraject;

    T := S.Zorgtraject(D(2023, 1, 1)).Einddatum(D(2023, 12, 31)).VendorKey('REF-EXCLUDED').GroepCode('Locatie A');
    Expect(not T.BeginZorgtraject, 'REF-EXCLUDED is not in the quarter');
    T.EndZorgtraject;

    S.LooseMeting(CQI, D(2024, 3, 1)).Item('1', '3').Item('16', '5');
    S.LooseMeting(CQI, D(2024, 4, 2)).Item('1', '2');

    S.StartZorgaanbieder('87654321');
    { Einddatum 0 would be absent; here it is a real day. }
    T := S.Zorgtraject(D(2024, 1, 1)).Einddatum(D(2024, 1, 1)).VendorKey('REF-B-1');
    if T.BeginZorgtraject then
      T.Primair('D5_2.01', D(2024, 1, 1));
    T.EndZorgtraject;
    S.LooseMeting(CQI, D(2024, 1, 15)).Item('5', '1');

    R := S.Finish;
    try
      Item17 := 0;
      for Dg in R do
        if (Dg.Rule = 'item-not-allowed') and (Dg.Value = '17') then
          Inc(Item17);
      Expect(Item17 = 1, 'item 17 left out with a warning');
    finally
      R.Free;
    end;
    Sel := S.Selection;
    Expect((Sel.ZorgtrajectenClosed = 2) and (Sel.ZorgtrajectenOpen = 2) and (Sel.EinddatumLeftOut = 1), 'closed 2, open 2, einddatum left out 1');
    Expect((Sel.ZorgtrajectenEndedBefore = 1) and (Sel.LooseMetingenDelivered = 2) and (Sel.LooseMetingenLeftOut = 1) and (Sel.ItemsLeftOut = 1), 'ended before 1, loose 2/1, items 1');
  finally
    S.Free;
  end;
end;

procedure Typed(const Path: string);
var
  Dl: TSpiegelTypedDelivery;
  A, B: TZorgaanbiederId;
  Open: TZorgtrajectId;
  R: TSpiegelReport;
begin
  { Begindatum 0 is absent, and it is required: refused. }
  Dl := TSpiegelTypedDelivery.Create('2024-Q1', Created);
  try
    A := Dl.AddZorgaanbieder('12345678');
    try
      Dl.Zorgtraject(A, 0).Add;
      Expect(False, 'a trajectory without begindatum raises');
    except
      on E: ESpiegelError do
        Expect(E.Code = SPIEGEL_INVALID_VALUE, 'begindatum 0 is refused: ' + E.Message);
    end;
  finally
    Dl.Free;
  end;

  Dl := TSpiegelTypedDelivery.Create('2024-Q1', Created);
  try
    A := Dl.AddZorgaanbieder('12345678');
    with Dl.Zorgtraject(A, D(2023, 6, 1)).Einddatum(D(2024, 2, 15)).VendorKey('REF-CLOSED').GroepCode(GROEP_ZUID) do
    begin
      Primair('D5_5.03', D(2023, 6, 20)).Primair('D5_4.02.02.02', D(2024, 1, 10))
        .Neven('D5_6.01')
        .Zorgvraagtypering('3', '3', D(2023, 6, 20)).Zorgvraagtypering('11', '', D(2024, 1, 10))
        .Prestatie('CO0001', D(2023, 6, 1)).Prestatie('CO0002', D(2024, 2, 1))
        .Meting(CQI, D(2024, 2, 10)).Item('1', '4').Item('2', '3').Item('17', '2');
      Add;
    end;
    with Dl.Zorgtraject(A, D(2023, 11, 2)).VendorKey('REF-OPEN').GroepCode('Locatie A') do
    begin
      Primair('D5_7.01', D(2023, 11, 20)).Zorgvraagtypering('', '5', D(2023, 11, 20));
      Open := Add;
    end;
    Dl.AddPrestatie(Open, 'CO0001', D(2024, 3, 5));
    with Dl.Zorgtraject(A, D(2024, 3, 31)).Einddatum(D(2024, 5, 10)).VendorKey('REF-ENDS-AFTER') do
    begin
      Prestatie('CO0001', D(2024, 4, 15));
      Add;
    end;
    with Dl.Zorgtraject(A, D(2023, 1, 1)).Einddatum(D(2023, 12, 31)).VendorKey('REF-EXCLUDED').GroepCode('Locatie A') do
    begin
      Prestatie('CO0001', D(2023, 2, 1));
      Add;
    end;
    Dl.AddLooseMetingen(A, Dl.LooseMetingen.Meting(CQI, D(2024, 3, 1)).Item('1', '3').Item('16', '5')
      .Meting(CQI, D(2024, 4, 2)).Item('1', '2'));
    B := Dl.AddZorgaanbieder('87654321');
    with Dl.Zorgtraject(B, D(2024, 1, 1)).Einddatum(D(2024, 1, 1)).VendorKey('REF-B-1') do
    begin
      Primair('D5_2.01', D(2024, 1, 1));
      Add;
    end;
    Dl.AddLooseMetingen(B, Dl.LooseMetingen.Meting(CQI, D(2024, 1, 15)).Item('5', '1'));
    R := Dl.Delivery.WriteFile(Path);
    try
      Expect(SpiegelSelectionOf(R).ZorgtrajectenClosed = 2, 'selection counts of a delivery''s report');
    finally
      R.Free;
    end;
  finally
    Dl.Free;
  end;
end;

procedure Collected(const Dir: string);
var
  S: TSpiegelBulkStream;
  T: TSpiegelStreamTraject;
  I, K, Thrown: Integer;
  Errors: Integer;
begin
  Thrown := 0;
  S := TSpiegelBulkStream.CreateToFile(Dir + '/collected.xml', '2024-Q1', Created);
  try
    S.CollectRefusals := True;
    S.StartZorgaanbieder('12345678');
    for I := 0 to 1 do
    begin
      T := S.Zorgtraject(D(2024, 1, 1)).VendorKey('BAD-' + IntToStr(I));
      try
        if T.BeginZorgtraject then
          for K := 1 to 15 do
            T.Prestatie('', D(2024, 1, 2)).Meting(CQI, 0).Item('1', '4');
        T.EndZorgtraject;
      except
        on ESpiegelError do Inc(Thrown);
      end;
    end;
    T := S.Zorgtraject(0).VendorKey('BAD-DATE');
    try
      Expect(not T.BeginZorgtraject, 'a refused trajectory is not wanted');
      T.EndZorgtraject;
    except
      on ESpiegelError do Inc(Thrown);
    end;
    Expect(Thrown = 0, 'no exception per record in collect mode (got ' + IntToStr(Thrown) + ')');
    Expect(S.RefusedCount = 3, 'three calls with refusals (got ' + IntToStr(S.RefusedCount) + ')');
    Expect(Pos('45 of the 45 records', S.FirstRefusal) > 0, S.FirstRefusal);
    Expect(S.CountErrors = 61, 'every refused record is in the report (got ' + IntToStr(S.CountErrors) + ')');
    try
      S.Finish.Free;
      Inc(Thrown);
    except
      on E: ESpiegelError do
      begin
        { Identical diagnostics are one entry with its Occurrences. }
        Errors := 0;
        for I := 0 to S.FailedReport.Count - 1 do
          if S.FailedReport[I].Severity = SPIEGEL_SEVERITY_ERROR then
            Inc(Errors, S.FailedReport.Occurrences(I));
        Expect((E.Code = SPIEGEL_DELIVERY_HAS_ERRORS) and (Errors = 61), 'Finish raises once, with every error');
        Expect(Pos('spiegel_', E.Message) = 0, 'no C names: ' + E.Message);
      end;
    end;
  finally
    S.Free;
  end;
  Expect(not FileExists(Dir + '/collected.xml'), 'no file with errors');
  Expect(SpiegelDateNumber(0) = 0, 'TDate 0 is absent, not 1899-12-30');
  Expect(SpiegelDateTimeText(Created) = '2024-04-03T10:15:00', 'datum_creatie with seconds');
  Expect(Thrown = 0, 'the expected exceptions were raised');
end;

{ "Lever alles aan wat je hebt": with SetLeaveOutUnrepresentable a refused record's trajectory
  is left out and the file is written; without it the file is blocked. }
procedure LeftOut(const Dir: string);
var
  S: TSpiegelBulkStream;
  Tr: TSpiegelStreamTraject;
  R: TSpiegelReport;
  Dl: TSpiegelDelivery;
  Dg: TSpiegelDiagnostic;
  Path, Xml: string;
  LeaveOut: Boolean;
  LeftOutInfos: Integer;
  Za, T: UInt32;
  Bytes: TBytes;
begin
  for LeaveOut := False to True do
  begin
    Path := Dir + '/left-out-' + BoolToStr(LeaveOut, True) + '.xml';
    S := TSpiegelBulkStream.CreateToFile(Path, '2024-Q1', Created);
    try
      S.CollectRefusals := True;
      S.SetLeaveOutUnrepresentable(LeaveOut);
      S.StartZorgaanbieder('12345678');
      Tr := S.Zorgtraject(D(2024, 1, 1)).VendorKey('BAD');
      Tr.Prestatie('', D(2024, 1, 2));
      Tr.EndZorgtraject;
      Tr := S.Zorgtraject(D(2024, 1, 3)).VendorKey('GOOD');
      Tr.Prestatie('CO0001', D(2024, 1, 4));
      Tr.EndZorgtraject;
      try
        S.SetLeaveOutUnrepresentable(not LeaveOut);
        Expect(False, 'a setting after StartZorgaanbieder raises');
      except
        on E: ESpiegelError do
          Expect((E.Code = SPIEGEL_WRONG_STATE) and (Pos('before the first StartZorgaanbieder', E.Message) > 0), E.Message);
      end;
      try
        R := S.Finish;
        try
          Expect(LeaveOut, 'without leaving out, Finish raises');
          LeftOutInfos := 0;
          for Dg in R do
            if Dg.Rule = 'record-left-out' then
              Inc(LeftOutInfos);
          Expect((LeftOutInfos = 1) and (R.Errors = 0), 'one record-left-out, no errors');
        finally
          R.Free;
        end;
      except
        on E: ESpiegelError do
          Expect((not LeaveOut) and (E.Code = SPIEGEL_DELIVERY_HAS_ERRORS), E.Message);
      end;
    finally
      S.Free;
    end;
    Expect(FileExists(Path) = LeaveOut, 'the file is written only when leaving out');
    if LeaveOut then
    begin
      Bytes := ReadBytes(Path);
      Xml := TEncoding.UTF8.GetString(Bytes);
      Expect((Pos('begindatum="2024-01-03"', Xml) > 0) and (Pos('begindatum="2024-01-01"', Xml) = 0),
        'only GOOD is in the file: ' + Xml);
    end;
  end;
  Dl := TSpiegelDelivery.Create;
  try
    Dl.SetQuarter('2024-Q1');
    Dl.SetLeaveOutUnrepresentable(True);
    Za := Dl.AddZorgaanbieder('12345678');
    T := Dl.AddZorgtraject(Za, 'BAD', '2024-01-01', '', '');
    try
      Dl.AddPrestatie(T, 'CO0001', '2024-02-30');
      Expect(False, 'the refused record still raises');
    except
      on E: ESpiegelError do
        Expect(E.Code = SPIEGEL_INVALID_VALUE, E.Message);
    end;
    Dl.AddZorgtraject(Za, 'GOOD', '2024-01-03', '', '');
    Bytes := Dl.WriteBuffer(R);
    try
      Expect((R.Errors = 0) and (Length(Bytes) > 0), 'the delivery writes with the bad trajectory left out');
    finally
      R.Free;
    end;
  finally
    Dl.Free;
  end;
end;

begin
  if ParamCount <> 2 then
  begin
    WriteLn(ErrOutput, 'usage: BulkTest GOLDEN_XML SCRATCH_DIR');
    Halt(2);
  end;
  Streamed(ParamStr(2) + '/bulk-streamed-from-delphi.xml');
  Expect(SameFile(ParamStr(2) + '/bulk-streamed-from-delphi.xml', ParamStr(1)), 'streamed file equals the golden file');
  Typed(ParamStr(2) + '/bulk-typed-from-delphi.xml');
  Expect(SameFile(ParamStr(2) + '/bulk-typed-from-delphi.xml', ParamStr(1)), 'typed delivery file equals the golden file');
  Collected(ParamStr(2));
  LeftOut(ParamStr(2));
  if Failures <> 0 then
  begin
    WriteLn(ErrOutput, Failures, ' check(s) failed');
    Halt(1);
  end;
  WriteLn('delphi bulk test: all checks passed');
end.
