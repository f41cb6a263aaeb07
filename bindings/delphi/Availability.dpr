{ Availability.dpr - the unit compiled with SPIEGEL_DYNAMIC, started where the library cannot
  be found: the program starts, SpiegelAvailable is False and says why, and every call raises
  ESpiegelError instead of crashing. Then, with SpiegelLibraryName pointing at the library,
  the same process loads it and uses it.

  usage: Availability LIBRARY_PATH   (run without the library on the search path)
  FPC: compile with -Mdelphi -FcUTF8 -dSPIEGEL_DYNAMIC. }
program Availability;

{$IFDEF FPC}{$MODE DELPHI}{$H+}{$ENDIF}
{$IFDEF MSWINDOWS}{$APPTYPE CONSOLE}{$ENDIF}

uses
  SysUtils, Spiegelinformatie;

var
  Failures: Integer = 0;
  D: TSpiegelDelivery;

procedure Expect(Condition: Boolean; const What: string);
begin
  if not Condition then
  begin
    WriteLn(ErrOutput, 'FAILED: ', What);
    Inc(Failures);
  end;
end;

{$IFNDEF SPIEGEL_DYNAMIC}
  {$ERROR compile Availability.dpr with SPIEGEL_DYNAMIC defined}
{$ENDIF}

begin
  if ParamCount <> 1 then
  begin
    WriteLn(ErrOutput, 'usage: Availability LIBRARY_PATH');
    Halt(2);
  end;

  { 1. The library is missing: the program runs and is told so. }
  Expect(not SpiegelAvailable, 'available without the library');
  Expect(Pos(SpiegelLibFile, SpiegelUnavailableReason) > 0,
    'the reason names the library: ' + SpiegelUnavailableReason);
  WriteLn('without the library: ', SpiegelUnavailableReason);
  try
    D := TSpiegelDelivery.Create;
    D.Free;
    Expect(False, 'a delivery without the library');
  except
    on E: ESpiegelError do
      Expect(Pos('not available', E.Message) > 0, 'message: ' + E.Message);
    on E: Exception do
      Expect(False, 'without the library: ' + E.ClassName + ': ' + E.Message);
  end;
  try
    SpiegelVersion;
    Expect(False, 'a version without the library');
  except
    on E: ESpiegelError do
      Expect(True, '');
    on E: Exception do
      Expect(False, 'version without the library: ' + E.ClassName + ': ' + E.Message);
  end;

  { 2. Pointed at it, the same process loads it (a failed load is tried again). }
  SpiegelLibraryName := ParamStr(1);
  Expect(SpiegelAvailable, 'available from ' + ParamStr(1) + ': ' + SpiegelUnavailableReason);
  Expect(Pos('.', SpiegelVersion) > 0, 'a version once loaded');
  D := TSpiegelDelivery.Create;
  try
    D.SetQuarter('2024-Q1');
    D.AddZorgaanbieder('12345678');
    try
      D.LoadJson('{"zorgaanbieder": [{"zorgaanbieder_code": 2e308}]}');
      Expect(False, 'a number as zorgaanbieder_code was accepted');
    except
      on E: ESpiegelError do
        Expect(E.Code = SPIEGEL_INVALID_INPUT, 'JSON with 2e308: ' + E.Message);
      on E: Exception do
        Expect(False, 'JSON with 2e308 raised ' + E.ClassName + ': ' + E.Message);
    end;
    Expect(Length(D.WriteBuffer) > 0, 'a file once loaded');
  finally
    D.Free;
  end;

  if Failures <> 0 then
  begin
    WriteLn(ErrOutput, Failures, ' check(s) failed');
    Halt(1);
  end;
  WriteLn('delphi availability: all checks passed');
end.
